"""Units, memberships and district roles: their rules and messages, in Vietnamese."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from tests.factories import DistrictRoleFactory, MembershipFactory, UnitFactory, UserFactory
from units.models import DistrictRoleKind, MemberRole, Unit, UnitKind
from units.permissions import actor_for
from units.selectors import units_valid_between

D = datetime.date


def test_kinds_and_roles_read_in_administrative_vietnamese():
    with translation.override("vi"):
        assert [str(k.label) for k in UnitKind] == ["Cơ quan chuyên môn", "Đơn vị sự nghiệp", "Xã", "Thị trấn"]
        assert [str(r.label) for r in MemberRole] == ["Thủ trưởng", "Cấp phó", "Cán bộ, công chức"]
        assert str(DistrictRoleKind.CHAIRMAN.label) == "Chủ tịch"
        assert str(DistrictRoleKind.VICE_CHAIRMAN.label) == "Phó Chủ tịch"


def test_kinds_and_roles_still_read_in_english():
    with translation.override("en"):
        assert [str(k.label) for k in UnitKind] == ["Specialised agency", "Public-service unit", "Commune", "Town"]
        assert str(MemberRole.DEPUTY.label) == "Deputy head"


@pytest.mark.django_db
def test_validity_that_ends_before_it_starts_is_refused_in_vietnamese():
    unit = Unit(
        code="xa-moi",
        name="UBND xã Mới",
        short_name="Mới",
        kind=UnitKind.COMMUNE,
        valid_from=D(2020, 6, 1),
        valid_to=D(2020, 1, 1),
    )

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        unit.full_clean()

    assert error.value.messages == ["Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."]
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_a_user_belongs_to_one_unit_only():
    membership = MembershipFactory()

    with pytest.raises(IntegrityError):
        MembershipFactory(user=membership.user)


@pytest.mark.django_db
def test_units_valid_between_leaves_out_units_that_left_or_had_not_joined():
    UnitFactory(code="stays")
    UnitFactory(code="left", valid_to=D(2019, 12, 31))
    UnitFactory(code="joins-later", valid_from=D(2021, 1, 1))
    UnitFactory(code="inactive", is_active=False)
    UnitFactory(code="left-mid-quarter", valid_to=D(2020, 5, 1))

    codes = set(units_valid_between(start=D(2020, 4, 1), end=D(2020, 6, 30)).values_list("code", flat=True))

    assert codes == {"stays", "left-mid-quarter"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "office", "leadership", "sees_all", "submits"),
    [
        (lambda: DistrictRoleFactory(role=DistrictRoleKind.OFFICE).user, True, False, True, False),
        (lambda: DistrictRoleFactory(role=DistrictRoleKind.CHAIRMAN).user, False, True, True, False),
        (lambda: DistrictRoleFactory(role=DistrictRoleKind.VICE_CHAIRMAN).user, False, True, True, False),
        (lambda: UserFactory(is_superuser=True), True, False, True, False),
        (lambda: MembershipFactory(role=MemberRole.HEAD).user, False, False, False, True),
        (lambda: MembershipFactory(role=MemberRole.DEPUTY).user, False, False, False, True),
        (lambda: MembershipFactory(role=MemberRole.STAFF).user, False, False, False, False),
        (lambda: UserFactory(), False, False, False, False),
    ],
    ids=["office", "chairman", "vice-chairman", "superuser", "head", "deputy", "staff", "no role"],
)
def test_actor_for_each_role(make, office, leadership, sees_all, submits):
    actor = actor_for(make())

    assert (actor.is_office, actor.is_leadership, actor.sees_all_units, actor.can_submit_for_unit) == (
        office,
        leadership,
        sees_all,
        submits,
    )


@pytest.mark.django_db
def test_a_unit_member_reads_and_edits_only_their_own_unit():
    membership = MembershipFactory(role=MemberRole.STAFF)
    other = UnitFactory()

    actor = actor_for(membership.user)

    assert actor.can_read_unit(membership.unit.pk) and actor.can_edit_unit(membership.unit.pk)
    assert not actor.can_read_unit(other.pk) and not actor.can_edit_unit(other.pk)


@pytest.mark.django_db
def test_a_member_of_an_inactive_unit_has_no_unit():
    membership = MembershipFactory(unit=UnitFactory(is_active=False))

    assert actor_for(membership.user).unit is None


@pytest.mark.django_db
def test_actor_is_read_in_two_queries_then_cached(django_assert_num_queries):
    user = MembershipFactory().user

    with django_assert_num_queries(2):
        actor_for(user)
        actor_for(user)
