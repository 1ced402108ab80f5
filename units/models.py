from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .collation import vietnamese_sort_key


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("Specialised agency")
    PUBLIC_SERVICE = "public_service", _("Public-service unit")
    COMMUNE = "commune", _("Commune")
    TOWN = "town", _("Town")


# Agencies first, then public-service units, then communes and the town: the order of official tables.
KIND_ORDER = {UnitKind.AGENCY: 0, UnitKind.PUBLIC_SERVICE: 1, UnitKind.TOWN: 2, UnitKind.COMMUNE: 2}

# The official order of units, as every page and export lists them: group (``KIND_ORDER``), then the
# office's display order, then the Vietnamese order of the name.
UNIT_ORDER = ("group_order", "display_order", "sort_key")


def unit_order(via: str) -> tuple[str, ...]:
    """The official unit order as ``order_by`` arguments through the relation ``via`` ("unit", "assignment__unit")."""
    return tuple(f"{via}__{name}" for name in UNIT_ORDER)


class UnitQuerySet(models.QuerySet):
    def in_official_order(self) -> "UnitQuerySet":
        """Units in the official order (``UNIT_ORDER``), the primary key breaking ties."""
        return self.order_by(*UNIT_ORDER, "pk")


class Unit(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("full name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    head_title = models.CharField(_("head's title"), max_length=100, blank=True)
    head_name = models.CharField(_("head's name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    display_order = models.PositiveIntegerField(_("display order"), default=0)
    group_order = models.PositiveSmallIntegerField(editable=False, default=0)
    sort_key = models.CharField(max_length=600, editable=False, db_index=True, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = list(UNIT_ORDER)
        # Units in the official order straight from the index: the list of every report walks them
        # in order and reads each unit's reports of a period from its own index, instead of sorting
        # a whole national period (20,000 reports) to show the first fifty; its unit filter lists
        # them (3,321 at national scale) from the index alone.
        indexes = [models.Index(fields=[*UNIT_ORDER, "id"], include=["short_name", "is_active"], name="unit_official_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
                violation_error_message=_("The end of validity cannot be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns only (no rule): they let every database sort the Vietnamese way.
        self.sort_key = vietnamese_sort_key(self.name)
        self.group_order = KIND_ORDER[UnitKind(self.kind)]
        super().save(*args, **kwargs)


class MemberRole(models.TextChoices):
    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy head")
    STAFF = "staff", _("Staff")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.STAFF)
    title = models.CharField(_("job title"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")
        ordering = [*unit_order("unit"), "role", "user__username"]
        constraints = [
            # One unit per user keeps "whose report is this" unambiguous.
            models.UniqueConstraint(fields=["user"], name="membership_one_unit_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} ({self.get_role_display()})"


class DistrictRoleKind(models.TextChoices):
    OFFICE = "office", _("Office staff (Văn phòng HĐND-UBND)")
    CHAIRMAN = "chairman", _("Chairman")
    VICE_CHAIRMAN = "vice_chairman", _("Vice-chairman")


LEADERSHIP_ROLES = (DistrictRoleKind.CHAIRMAN, DistrictRoleKind.VICE_CHAIRMAN)


class DistrictRole(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="district_role", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=DistrictRoleKind.choices)
    title = models.CharField(_("job title"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("district role")
        verbose_name_plural = _("district roles")
        ordering = ["role", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"
