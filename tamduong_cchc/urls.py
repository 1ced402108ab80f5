from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organisation.selectors import organisation_current
from security import passwords

from . import views

# Read when a page is drawn: the organisation is data the office sets (organisation app).
admin.site.site_header = lazy(
    lambda: gettext("Administrative-reform tracker – %(area)s") % {"area": organisation_current().area_name}, str
)()
admin.site.site_title = lazy(lambda: organisation_current().short_name, str)()
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", passwords.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("notifications/", include("notifications.urls")),
    path("reminders/", include("reminders.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("district-reports/", include("district_reports.urls")),
    path("directives/", include("directives.urls")),
    path("audit/", include("security.urls")),
    path("api/", include("api.urls")),
    path("calendar/", include("calendars.urls")),
    path("public/", include("transparency.urls")),
    path("", include("satisfaction.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
