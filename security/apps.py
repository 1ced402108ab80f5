from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("Security and audit trail")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .passwords import remember_at_sign_in

        user_logged_in.connect(remember_at_sign_in, dispatch_uid="security.remember_at_sign_in")
