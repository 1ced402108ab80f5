"""People manage their own password: change it once signed in, reset it by e-mail (Django's views, with
the lock-out in front), and choose their own when the office set it for them (``PasswordChangeRequired``)."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import signals
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from .models import PasswordChangeRequired
from .views import locked_out

SESSION_KEY = "cchc_must_change_password"
# Password reset e-mails one connection may ask for in an hour (a salted hash of its address is counted).
RESET_RATE = "5/h"


def password_change_require(*, user, by) -> None:
    """Mark ``user``'s password as set by ``by`` (the office, in the admin): its owner must change it at the next sign-in."""
    if by is not None and by.pk == user.pk:
        return
    PasswordChangeRequired.objects.update_or_create(user=user, defaults={"set_by": by})


def password_change_required(*, user) -> bool:
    """Whether ``user`` must choose a new password before anything else."""
    return PasswordChangeRequired.objects.filter(user=user).exists()


def password_chosen(*, user, request=None) -> None:
    """``user`` chose their own password: nothing is required of them any more."""
    PasswordChangeRequired.objects.filter(user=user).delete()
    if request is not None:
        request.session.pop(SESSION_KEY, None)


def remember_at_sign_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the session remembers that its user must change the password first."""
    if request is not None and hasattr(request, "session") and password_change_required(user=user):
        request.session[SESSION_KEY] = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's change page; a wrong current password counts as a failed sign-in, and a locked-out account cannot try."""

    success_url = reverse_lazy("password_change_done")

    def dispatch(self, request, *args, **kwargs):
        credentials = {"username": request.user.get_username()} if request.user.is_authenticated else None
        if request.method == "POST" and credentials and not AxesProxyHandler.is_allowed(request, credentials):
            return locked_out(request)
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form):
        if "old_password" in form.errors:
            signals.user_login_failed.send(
                sender=type(self), credentials={"username": self.request.user.get_username()}, request=self.request
            )
            if not AxesProxyHandler.is_allowed(self.request, {"username": self.request.user.get_username()}):
                return locked_out(self.request)
        return super().form_invalid(form)

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        password_chosen(user=self.request.user, request=self.request)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page: the same answer whether or not an account has the address, a few e-mails per
    connection and hour, and links to the configured SITE_URL (never to whatever Host the request named)."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        limited = is_ratelimited(
            request, group="security.password_reset", key="security.clients.ratelimit_key", rate=RESET_RATE, increment=True
        )
        if limited:
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("Too many reset requests have come from this connection. Please try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    @property
    def extra_email_context(self):
        return {"site_url": settings.SITE_URL}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        password_chosen(user=form.user)
        return response


class PasswordChangeRequiredMiddleware:
    """A signed-in user whose password the office set sees only the page to choose their own (and sign out)."""

    ALLOWED = ("password_change", "password_change_done", "logout", "set_language", "jsi18n")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (request.user.is_authenticated and request.session.get(SESSION_KEY)):
            return None
        if request.resolver_match is not None and request.resolver_match.url_name in self.ALLOWED:
            return None
        messages.info(request, _("Your password was set by the district office: choose your own before you go on."))
        return redirect(reverse("password_change"))
