"""Who a signed-in user is in the district: office staff, leadership, or a member of one unit.

Every view and service asks these functions, never the models directly, so the rules live here once.

How the site refuses (the same answer for the same situation, in every app):
- A signed-out visitor is sent to the sign-in page.
- A signed-in user who may not open a page or do an action gets 404, the answer for something that
  does not exist: whether the object is missing, belongs to another unit, or the page or action is
  reserved to a role the user lacks (the office's review queue, the dashboard, an import, removing a
  unit's evidence, a staff member's extension request). One answer tells nobody which reports, files
  or units exist, nor which pages a role has. The site never shows a control its user may not use,
  so only a typed or stale address meets this 404.
- The Django admin keeps Django's rules: non-staff go to the admin's sign-in page, staff without a
  model's permission get 403, and an object hidden from them (a superuser's account, for the office)
  answers as a missing one: back to the admin index.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from .models import LEADERSHIP_ROLES, DistrictRole, DistrictRoleKind, MemberRole, Membership, Unit

_CACHE_ATTR = "_cchc_actor"


# Who counts as office. Office staff are the accounts holding the office district role: they receive
# the office's notices (a report to review, an extension to decide) and the weekly digest, and the
# sweep escalates to them. A superuser administers the system: they may do everything the office may
# (``Actor.is_office``) but are not office staff, so no notice or digest is addressed to them.
def office_staff() -> QuerySet:
    """The accounts holding the office district role, active or not (senders keep the active ones)."""
    return get_user_model().objects.filter(district_role__role=DistrictRoleKind.OFFICE)


def district_leadership() -> QuerySet:
    """The accounts holding a leadership district role (chairman, vice-chairmen), active or not."""
    return get_user_model().objects.filter(district_role__role__in=LEADERSHIP_ROLES)


@dataclass(frozen=True)
class Actor:
    """The district roles of one user, read in at most two queries and cached on the user."""

    user_id: int | None
    is_leadership: bool
    district_role: str | None
    unit: Unit | None
    unit_role: str | None
    is_superuser: bool = False

    @property
    def is_office_staff(self) -> bool:
        """One of ``office_staff()``."""
        return self.district_role == DistrictRoleKind.OFFICE

    @property
    def is_office(self) -> bool:
        """May do what the office does: office staff and superusers (see ``office_staff``)."""
        return self.is_office_staff or self.is_superuser

    @property
    def can_submit_for_unit(self) -> bool:
        """Heads and deputies submit; staff only draft."""
        return self.unit_role in (MemberRole.HEAD, MemberRole.DEPUTY)

    @property
    def sees_all_units(self) -> bool:
        return self.is_office or self.is_leadership

    def can_read_unit(self, unit_id: int) -> bool:
        return self.sees_all_units or (self.unit is not None and self.unit.pk == unit_id)

    def can_edit_unit(self, unit_id: int) -> bool:
        return self.unit is not None and self.unit.pk == unit_id


_ANONYMOUS = Actor(user_id=None, is_leadership=False, district_role=None, unit=None, unit_role=None)


def actor_for(user: AbstractBaseUser | AnonymousUser) -> Actor:
    """Return the district roles of ``user`` (cached on the user object for the request)."""
    if not user.is_authenticated:
        return _ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    # Ordered by role alone: the model's order would join the user table for a user already known.
    role = DistrictRole.objects.filter(user=user).order_by("role").values_list("role", flat=True).first()
    membership = Membership.objects.select_related("unit").filter(user=user, unit__is_active=True).first()
    actor = Actor(
        user_id=user.pk,
        is_leadership=role in LEADERSHIP_ROLES,
        district_role=role,
        unit=membership.unit if membership else None,
        unit_role=membership.role if membership else None,
        is_superuser=user.is_superuser,
    )
    setattr(user, _CACHE_ATTR, actor)
    return actor


def is_office_in_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether ``user`` works in the admin as the office: an active staff account that ``Actor.is_office``."""
    return user.is_active and user.is_staff and actor_for(user).is_office


def office_actor_get(*, user: AbstractBaseUser | AnonymousUser) -> Actor:
    """The user's actor if they may do the office's work (``Actor.is_office``); else Http404."""
    actor = actor_for(user)
    if not actor.is_office:
        raise Http404
    return actor


def district_reader_get(*, user: AbstractBaseUser | AnonymousUser) -> Actor:
    """The user's actor if they read every unit (office and leadership); else Http404."""
    actor = actor_for(user)
    if not actor.sees_all_units:
        raise Http404
    return actor


# The account permissions (app "auth") the office holds besides its own apps': create and maintain
# ordinary accounts. What it may change on an account is bounded by can_manage_account.
OFFICE_ACCOUNT_PERMISSIONS = ("view_user", "add_user", "change_user")


def can_manage_account(*, editor: AbstractBaseUser, account: AbstractBaseUser) -> bool:
    """Whether ``editor`` may change ``account``: its name, e-mail, active flag, password and unit membership.

    A superuser may change any account; anyone else (the office) only accounts that are not their
    own, cannot open the admin and hold no district role. A staff account may hold permissions its
    editor lacks, so setting its password would hand them over; a district role is a superuser's to
    give (``can_grant_district_roles``), and so is a unit to someone who holds one, because a person
    who is both office staff (or leadership) and a unit's member could submit and review the same
    work. Hence office staff can give neither themselves nor a colleague a unit.
    """
    if editor.is_superuser:
        return True
    if account.pk == editor.pk or account.is_staff or account.is_superuser:
        return False
    return account.pk is None or not DistrictRole.objects.filter(user_id=account.pk).exists()


def can_grant_district_roles(*, editor: AbstractBaseUser) -> bool:
    """Whether ``editor`` may give, change or remove a district role (office, chairman, vice-chairman): a superuser's act."""
    return editor.is_superuser


def accounts_visible_to(*, editor: AbstractBaseUser, accounts: QuerySet) -> QuerySet:
    """The accounts ``editor`` may see in the admin: superusers are hidden from everyone else."""
    return accounts if editor.is_superuser else accounts.filter(is_superuser=False)


def accounts_manageable_by(*, editor: AbstractBaseUser, accounts: QuerySet) -> QuerySet:
    """The accounts ``editor`` may change (``can_manage_account`` as a query)."""
    if editor.is_superuser:
        return accounts
    return accounts.filter(is_staff=False, is_superuser=False, district_role__isnull=True).exclude(pk=editor.pk)
