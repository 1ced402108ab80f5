from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Administrative-reform tracker – Tam Đường district")
admin.site.site_title = _("CCHC Tam Đường")
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
