"""Account forms of the admin, without the choice to disable password sign-in.

Django offers "password-based authentication: disabled" for sites that also sign in through single
sign-on or LDAP; here a password is the only way in, so an account without one would be useless.
"""

from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm


class AccountCreationForm(AdminUserCreationForm):
    usable_password = None


class AccountPasswordForm(AdminPasswordChangeForm):
    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)
        # Django leaves them optional only so that "disabled" can be chosen without a password.
        self.fields["password1"].required = self.fields["password2"].required = True
