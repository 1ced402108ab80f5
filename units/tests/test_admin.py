"""The office sets up accounts in the admin (create, rename, reset a password, give a unit) but never
grants a privilege, never touches an account that can open the admin, and never sees a superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.urls import reverse

from directives.demo import demo_seed
from tests.factories import DirectiveFactory, DistrictRoleFactory, MembershipFactory, UnitFactory, UserFactory
from units.models import DistrictRole, DistrictRoleKind, MemberRole, Membership
from units.permissions import OFFICE_ACCOUNT_PERMISSIONS

pytestmark = pytest.mark.django_db

User = get_user_model()
STRONG = "Bản-Bo-2020-mùa-lũ"
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


def _office_user(username: str = "office") -> User:
    """An office account with the rights seed_demo gives `vanphong` on units and accounts."""
    user = DistrictRoleFactory(role=DistrictRoleKind.OFFICE, user=UserFactory(username=username, is_staff=True)).user
    user.user_permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label="units") | Q(content_type__app_label="auth", codename__in=OFFICE_ACCOUNT_PERMISSIONS)
        )
    )
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


@pytest.fixture
def office():
    return _office_user()


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def _add_form(**extra) -> dict:
    return {
        "username": "thu-truong-ban-hon",
        "first_name": "Lò Văn",
        "last_name": "Pản",
        "email": "banhon@example.invalid",
        "password1": STRONG,
        "password2": STRONG,
        **extra,
    }


def _change_form(user, **extra) -> dict:
    """The limited account form as the office submits it, with an empty unit-membership inline."""
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1",
        **extra,
    }


def _signs_in(client, username: str, password: str) -> bool:
    client.logout()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and str(client.session.get("_auth_user_id")) == str(User.objects.get(username=username).pk)


def test_office_creates_an_account_that_can_then_sign_in(office_client):
    response = office_client.post(reverse("admin:auth_user_add"), _add_form())

    created = User.objects.get(username="thu-truong-ban-hon")
    # Django's two-step add: the account page comes next, where the unit is chosen.
    assert response.status_code == 302 and response["Location"] == reverse("admin:auth_user_change", args=[created.pk])
    assert (created.first_name, created.last_name, created.email) == ("Lò Văn", "Pản", "banhon@example.invalid")
    assert not (created.is_staff or created.is_superuser)
    assert _signs_in(office_client, "thu-truong-ban-hon", STRONG)


def test_a_weak_initial_password_is_refused_by_the_password_validators(office_client):
    response = office_client.post(
        reverse("admin:auth_user_add"), _add_form(password1="12345678", password2="12345678"), HTTP_ACCEPT_LANGUAGE="vi"
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["password2"]
    assert not User.objects.filter(username="thu-truong-ban-hon").exists()


def test_the_offices_account_forms_have_no_privilege_fields(office_client):
    head = MembershipFactory(user=UserFactory(username="head")).user

    add = office_client.get(reverse("admin:auth_user_add")).content.decode()
    change = office_client.get(reverse("admin:auth_user_change", args=[head.pk])).content.decode()

    for page in (add, change):
        for field in PRIVILEGE_FIELDS:
            assert f'name="{field}"' not in page
    assert 'name="first_name"' in add and 'name="email"' in add and 'name="password1"' in add
    assert 'name="usable_password"' not in add
    assert 'name="is_active"' in change and "../password/" in change


def test_privileges_posted_by_the_office_are_ignored_on_add_and_change(office_client):
    group = Group.objects.create(name="Quản trị")
    privileges = {
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [group.pk],
        "user_permissions": list(Permission.objects.values_list("pk", flat=True)[:3]),
    }

    office_client.post(reverse("admin:auth_user_add"), _add_form(**privileges))
    head = MembershipFactory(user=UserFactory(username="head")).user
    response = office_client.post(
        reverse("admin:auth_user_change", args=[head.pk]), _change_form(head, first_name="Tòng", **privileges)
    )

    assert response.status_code == 302
    for user in (User.objects.get(username="thu-truong-ban-hon"), User.objects.get(pk=head.pk)):
        assert not (user.is_superuser or user.is_staff)
        assert not user.groups.exists() and not user.user_permissions.exists()
    assert User.objects.get(pk=head.pk).first_name == "Tòng"


def test_office_deactivates_an_account_and_resets_its_password(office_client, office):
    head = MembershipFactory(user=UserFactory(username="head")).user
    # A password is the only way to sign in: the form neither offers to disable it nor accepts a blank one.
    assert (
        'name="usable_password"'
        not in office_client.get(reverse("admin:auth_user_password_change", args=[head.pk])).content.decode()
    )
    blank = office_client.post(reverse("admin:auth_user_password_change", args=[head.pk]), {"usable_password": "false"})
    assert blank.status_code == 200 and User.objects.get(pk=head.pk).has_usable_password()

    reset = office_client.post(
        reverse("admin:auth_user_password_change", args=[head.pk]), {"password1": STRONG, "password2": STRONG}
    )
    assert reset.status_code == 302
    assert _signs_in(office_client, "head", STRONG)

    office_client.force_login(office)
    office_client.post(reverse("admin:auth_user_change", args=[head.pk]), _change_form(head, is_active=""))
    assert not User.objects.get(pk=head.pk).is_active


def test_office_gives_a_new_account_its_unit_on_the_account_page(office_client):
    unit = UnitFactory(code="xa-ban-hon")
    account = UserFactory(username="pho-ban-hon")
    inline = {
        "memberships-TOTAL_FORMS": "1",
        "memberships-0-unit": unit.pk,
        "memberships-0-role": MemberRole.DEPUTY,
        "memberships-0-title": "Phó Chủ tịch UBND xã",
    }

    response = office_client.post(reverse("admin:auth_user_change", args=[account.pk]), _change_form(account, **inline))

    assert response.status_code == 302
    membership = Membership.objects.get(user=account)
    assert (membership.unit, membership.role) == (unit, MemberRole.DEPUTY)


def test_a_superuser_is_hidden_from_the_office_exactly_like_a_missing_account(office_client):
    """Hidden, not refused: the admin's answer for an account that does not exist (back to the admin
    index with "does not exist"; the password page 404), so the office cannot tell the superuser's
    account exists, nor learn its username, the one a password-guesser or a lock-out would aim at."""
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    missing_pk = root.pk + 1000

    hidden = office_client.get(reverse("admin:auth_user_change", args=[root.pk]))
    missing = office_client.get(reverse("admin:auth_user_change", args=[missing_pk]))
    assert hidden.status_code == missing.status_code == 302
    assert hidden["Location"] == missing["Location"] == reverse("admin:index")
    assert office_client.get(reverse("admin:auth_user_password_change", args=[root.pk])).status_code == 404
    posted = office_client.post(reverse("admin:auth_user_change", args=[root.pk]), _change_form(root, is_active=""))
    assert posted.status_code == 302 and User.objects.get(pk=root.pk).is_active
    assert "root" not in office_client.get(reverse("admin:auth_user_changelist")).content.decode()


def test_office_only_reads_accounts_that_can_open_the_admin(office_client):
    colleague = _office_user("office-2")
    page = office_client.get(reverse("admin:auth_user_change", args=[colleague.pk]))

    assert page.status_code == 200 and 'name="first_name"' not in page.content.decode()  # read-only
    assert (
        office_client.post(
            reverse("admin:auth_user_change", args=[colleague.pk]), _change_form(colleague, is_active="")
        ).status_code
        == 403
    )
    reset = office_client.post(
        reverse("admin:auth_user_password_change", args=[colleague.pk]), {"password1": STRONG, "password2": STRONG}
    )
    assert reset.status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active and not colleague.check_password(STRONG)


def test_office_cannot_give_change_or_remove_any_district_role(office_client):
    """Office and leadership roles are a superuser's to grant: the office reads them, never edits them."""
    colleague_role = DistrictRole.objects.get(user=_office_user("office-2"))
    chairman = UserFactory(username="chu-tich")

    change = office_client.post(
        reverse("admin:units_districtrole_change", args=[colleague_role.pk]),
        {"user": colleague_role.user_id, "role": DistrictRoleKind.CHAIRMAN, "title": ""},
    )
    delete = office_client.post(reverse("admin:units_districtrole_delete", args=[colleague_role.pk]), {"post": "yes"})
    add = office_client.post(reverse("admin:units_districtrole_add"), {"user": chairman.pk, "role": DistrictRoleKind.CHAIRMAN})
    listed = office_client.get(reverse("admin:units_districtrole_changelist"))

    assert change.status_code == delete.status_code == add.status_code == 403
    assert listed.status_code == 200 and "office-2" in listed.content.decode()
    assert DistrictRole.objects.get(pk=colleague_role.pk).role == DistrictRoleKind.OFFICE
    assert not DistrictRole.objects.filter(user=chairman).exists()


def _membership_form(user, unit, role=MemberRole.HEAD) -> dict:
    return {"user": user.pk, "unit": unit.pk, "role": role, "title": ""}


def test_office_cannot_make_itself_a_superuser_or_a_district_officer_a_units_member(office_client, office):
    unit = UnitFactory(code="phong-noi-vu", name="Phòng Nội vụ")
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    chairman = DistrictRoleFactory(role=DistrictRoleKind.CHAIRMAN, user=UserFactory(username="chu-tich")).user
    colleague = DistrictRoleFactory(role=DistrictRoleKind.OFFICE, user=UserFactory(username="van-phong-2")).user
    head = UserFactory(username="truong-phong")

    for account in (office, root, chairman, colleague):
        response = office_client.post(reverse("admin:units_membership_add"), _membership_form(account, unit))
        assert response.status_code == 200 and response.context["adminform"].form.errors["user"], account
        on_account_page = office_client.post(
            reverse("admin:auth_user_change", args=[account.pk]),
            _change_form(
                account, **{"memberships-TOTAL_FORMS": "1", "memberships-0-unit": unit.pk, "memberships-0-role": "head"}
            ),
        )
        assert on_account_page.status_code in (302, 403, 404), account  # refused, or the account is hidden
    in_unit_page = office_client.get(reverse("admin:units_unit_change", args=[unit.pk]))
    [members] = [i.formset for i in in_unit_page.context["inline_admin_formsets"] if i.formset.prefix == "memberships"]
    offered = {choice for choice, _label in members.empty_form.fields["user"].choices if choice}
    assert not Membership.objects.filter(unit=unit).exists()
    assert {str(account.pk) for account in (office, root, chairman, colleague)}.isdisjoint({str(c) for c in offered})

    assert office_client.post(reverse("admin:units_membership_add"), _membership_form(head, unit)).status_code == 302
    assert Membership.objects.get(unit=unit).user == head


def test_office_reads_but_does_not_change_a_district_officers_membership_and_never_sees_a_superusers(office_client):
    unit = UnitFactory(code="van-phong", name="Văn phòng HĐND và UBND huyện")
    both = MembershipFactory(
        unit=unit, user=DistrictRoleFactory(role=DistrictRoleKind.OFFICE, user=UserFactory(username="chanh-van-phong")).user
    )
    hidden = MembershipFactory(unit=unit, user=UserFactory(username="root", is_staff=True, is_superuser=True))

    listed = office_client.get(reverse("admin:units_membership_changelist")).content.decode()
    change = office_client.post(
        reverse("admin:units_membership_change", args=[both.pk]), _membership_form(both.user, unit, MemberRole.STAFF)
    )
    delete = office_client.post(reverse("admin:units_membership_delete", args=[both.pk]), {"post": "yes"})
    unit_page = office_client.get(reverse("admin:units_unit_change", args=[unit.pk])).content.decode()
    superuser_row = office_client.get(reverse("admin:units_membership_change", args=[hidden.pk]))

    assert "chanh-van-phong" in listed and "root" not in listed
    assert change.status_code == delete.status_code == 403
    assert Membership.objects.get(pk=both.pk).role == MemberRole.HEAD
    assert "chanh-van-phong" in unit_page and "root" not in unit_page
    assert superuser_row.status_code == 302 and superuser_row["Location"] == reverse("admin:index")  # as if missing


def test_a_superuser_grants_both_roles_and_the_audit_trail_records_it(client):
    from auditlog.models import LogEntry

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    unit = UnitFactory(code="van-phong", name="Văn phòng HĐND và UBND huyện")
    person = UserFactory(username="chanh-van-phong")

    role = client.post(reverse("admin:units_districtrole_add"), {"user": person.pk, "role": DistrictRoleKind.OFFICE, "title": ""})
    member = client.post(reverse("admin:units_membership_add"), _membership_form(person, unit))

    assert role.status_code == member.status_code == 302
    logged = LogEntry.objects.filter(actor=root, action=LogEntry.Action.CREATE).values_list("content_type__model", flat=True)
    assert {"districtrole", "membership"} <= set(logged)


def test_a_unit_head_is_sent_to_the_admin_sign_in(client):
    client.force_login(MembershipFactory(role=MemberRole.HEAD).user)

    for url in (reverse("admin:auth_user_add"), reverse("admin:auth_user_changelist")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_a_superuser_still_grants_privileges(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    head = MembershipFactory(user=UserFactory(username="head")).user

    page = client.get(reverse("admin:auth_user_change", args=[head.pk])).content.decode()
    response = client.post(
        reverse("admin:auth_user_change", args=[head.pk]),
        _change_form(head, is_staff="on", date_joined_0="27/11/2026", date_joined_1="09:00:00"),
    )

    assert all(f'name="{field}"' in page for field in PRIVILEGE_FIELDS)
    assert response.status_code == 302 and User.objects.get(pk=head.pk).is_staff


def test_the_demo_office_account_may_create_accounts_but_holds_no_privilege(client, settings):
    demo_seed(directive=DirectiveFactory(), password=settings.DEMO_PASSWORD)
    vanphong = User.objects.get(username="vanphong")

    assert all(vanphong.has_perm(f"auth.{codename}") for codename in OFFICE_ACCOUNT_PERMISSIONS)
    assert not vanphong.is_superuser and not vanphong.has_perm("auth.delete_user")
    client.force_login(vanphong)
    assert client.get(reverse("admin:auth_user_add")).status_code == 200


def test_the_account_pages_speak_vietnamese(office_client):
    account = UserFactory(username="can-bo-moi")

    add_page = office_client.get(reverse("admin:auth_user_add")).content.decode()
    change_page = office_client.get(reverse("admin:auth_user_change", args=[account.pk])).content.decode()

    assert "Sau khi tạo tài khoản" in add_page and "After you" not in add_page
    assert "Đặt lại mật khẩu" in change_page and "Reset password" not in change_page
    assert "Raw passwords" not in change_page
