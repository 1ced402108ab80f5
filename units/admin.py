from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from security.passwords import password_change_require
from security.text import CleanTextModelForm

from .admin_widgets import TolerantAutocompleteMixin
from .forms import AccountCreationForm, AccountPasswordForm
from .models import DistrictRole, Membership, Unit
from .permissions import accounts_manageable_by, accounts_visible_to, can_grant_district_roles, can_manage_account


class ManagedAccountMixin:
    """Changing or deleting an existing object needs Django's permission and the right to manage the
    account behind it (``units.permissions.can_manage_account``); ``managed_account`` names that account."""

    def managed_account(self, obj):
        return obj

    def may_manage(self, request, obj) -> bool:
        return obj is None or can_manage_account(editor=request.user, account=self.managed_account(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_manage(request, obj)


class ManageableMembersMixin:
    """Membership rows and choices limited to the accounts the editor may manage (``can_manage_account``)."""

    def get_queryset(self, request):
        memberships = super().get_queryset(request)
        if request.user.is_superuser:
            return memberships
        return memberships.filter(user__in=accounts_manageable_by(editor=request.user, accounts=get_user_model().objects.all()))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = accounts_manageable_by(editor=request.user, accounts=get_user_model().objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(ManageableMembersMixin, TolerantAutocompleteMixin, admin.TabularInline):
    form = CleanTextModelForm
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class MembersManagedBySuperuserInline(admin.TabularInline):
    """For the office, the unit's members whose accounts only a superuser manages (office staff or
    leadership who also belong to the unit), read-only; superusers' own memberships are not shown."""

    model = Membership
    extra = 0
    can_delete = False
    fields = ["user", "role", "title"]
    readonly_fields = fields
    verbose_name_plural = _("members managed by the system administrator")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        manageable = accounts_manageable_by(editor=request.user, accounts=get_user_model().objects.all())
        return super().get_queryset(request).exclude(user__in=manageable).filter(user__is_superuser=False)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["name", "short_name", "code", "kind", "head_name", "email", "phone", "is_active", "valid_from", "valid_to"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code", "head_name", "email"]

    def get_inlines(self, request, obj):
        # A superuser edits every member in the first inline; the office reads the others beside it.
        return [MembershipInline] if request.user.is_superuser else [MembershipInline, MembersManagedBySuperuserInline]

    fieldsets = [
        (None, {"fields": ["name", "short_name", "code", "kind", "display_order"]}),
        (_("Head and contact"), {"fields": ["head_title", "head_name", "email", "phone"]}),
        (_("Validity"), {"fields": ["is_active", "valid_from", "valid_to"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(ManagedAccountMixin, TolerantAutocompleteMixin, admin.ModelAdmin):
    """Who belongs to which unit: the office adds and changes the members whose accounts it may manage
    (``can_manage_account``), reads the others and never sees a superuser's membership."""

    list_display = ["user", "unit", "role", "title"]
    list_filter = ["role", "unit__kind", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]

    def managed_account(self, obj):
        return obj.user

    def get_queryset(self, request):
        memberships = super().get_queryset(request)
        return memberships if request.user.is_superuser else memberships.filter(user__is_superuser=False)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = accounts_manageable_by(editor=request.user, accounts=get_user_model().objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(DistrictRole)
class DistrictRoleAdmin(TolerantAutocompleteMixin, admin.ModelAdmin):
    """A district role (office, chairman, vice-chairman) is a privilege: a superuser gives, changes and
    removes it (``can_grant_district_roles``); the office reads who holds one, superusers aside."""

    list_display = ["user", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]

    def get_queryset(self, request):
        roles = super().get_queryset(request)
        return roles if request.user.is_superuser else roles.filter(user__is_superuser=False)

    def has_add_permission(self, request):
        return can_grant_district_roles(editor=request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return can_grant_district_roles(editor=request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_grant_district_roles(editor=request.user) and super().has_delete_permission(request, obj)


class AccountMembershipInline(ManagedAccountMixin, TolerantAutocompleteMixin, admin.StackedInline):
    """The account's unit (one at most) and role in it, set right after the account is created."""

    model = Membership
    extra = 1
    max_num = 1
    autocomplete_fields = ["unit"]
    fields = ["unit", "role", "title"]

    # ``obj`` is the account: an account its editor may only read shows its unit read-only too.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.may_manage(request, obj)


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AccountAdmin(ManagedAccountMixin, UserAdmin):
    """Superusers keep Django's full account page. Anyone else (the office, with add_user/change_user)
    creates accounts and changes their name, e-mail, active flag, password and unit, but never sees
    the privileges (superuser, staff, groups, permissions), never sees a superuser, and only reads
    the accounts that can open the admin (units.permissions.can_manage_account)."""

    add_form = AccountCreationForm
    change_password_form = AccountPasswordForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "first_name", "last_name", "email", "password1", "password2"),
            },
        ),
    )
    # Without the privileges: what a non-superuser sees on an existing account.
    limited_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Account status"), {"fields": ("is_active",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.limited_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("last_login", "date_joined")

    def get_queryset(self, request):
        return accounts_visible_to(editor=request.user, accounts=super().get_queryset(request))

    def get_list_filter(self, request):
        return super().get_list_filter(request) if request.user.is_superuser else ("is_staff", "is_active")

    def get_inlines(self, request, obj):
        # On the add page the form is only the account; the unit comes on the next page.
        return [AccountMembershipInline] if obj is not None else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # the office chose the first password: its owner chooses their own at the first sign-in
            password_change_require(user=obj, by=request.user)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # Django redirects once the password is set
            password_change_require(user=self.get_object(request, unquote(id)), by=request.user)
        return response

    def get_search_results(self, request, queryset, search_term):
        # The account picker of a unit's members offers only the accounts the editor may give a unit.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("app_label") == "units" and request.GET.get("field_name") == "user":
            queryset = accounts_manageable_by(editor=request.user, accounts=queryset)
        return queryset, may_have_duplicates
