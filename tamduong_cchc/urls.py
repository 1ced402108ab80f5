from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organisation.selectors import organisation_current

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
    path("notifications/", include("notifications.urls")),
    path("reminders/", include("reminders.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("directives/", include("directives.urls")),
    path("audit/", include("security.urls")),
    path("api/", include("api.urls")),
    path("calendar/", include("calendars.urls")),
    path("public/", include("transparency.urls")),
    path("", include("satisfaction.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
