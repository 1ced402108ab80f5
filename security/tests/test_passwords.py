"""People manage their own password: they change it once signed in, reset it by e-mail (a generic answer
for an unknown address, the lock-out in front), and must change one the office set for them."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.db.models import Q
from django.urls import reverse

from security.models import PasswordChangeRequired
from tests.factories import DistrictRoleFactory, MembershipFactory, UserFactory
from units.models import DistrictRoleKind
from units.permissions import OFFICE_ACCOUNT_PERMISSIONS

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW = "Sơn-Bình-mùa-xuân-2020"


FACTORY_PASSWORD = "test-pass-123"  # tests.factories.UserFactory's


def _sign_in(client, username, secret=FACTORY_PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": secret}, **extra)


def test_a_signed_in_user_changes_their_password(client):
    head = MembershipFactory(user=UserFactory(username="xa-son-binh")).user
    client.force_login(head)
    page = client.get(reverse("password_change"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    response = client.post(
        reverse("password_change"), {"old_password": "test-pass-123", "new_password1": NEW, "new_password2": NEW}
    )

    assert "Đổi mật khẩu" in page and 'name="old_password"' in page
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert User.objects.get(pk=head.pk).check_password(NEW)
    assert client.get(reverse("home")).status_code == 200  # still signed in


def test_wrong_current_passwords_count_as_failed_sign_ins_and_lock_the_change_page(client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    head = UserFactory(username="xa-son-binh")
    client.force_login(head)
    wrong = {"old_password": "guess", "new_password1": NEW, "new_password2": NEW}

    answers = [client.post(reverse("password_change"), wrong, REMOTE_ADDR="10.1.1.1").status_code for _ in range(5)]
    right = client.post(reverse("password_change"), {**wrong, "old_password": "test-pass-123"}, REMOTE_ADDR="10.1.1.1")

    assert answers == [200, 200, 200, 200, 429]
    assert right.status_code == 429 and not User.objects.get(pk=head.pk).check_password(NEW)
    client.logout()
    assert _sign_in(client, "xa-son-binh", REMOTE_ADDR="10.1.1.1").status_code == 429  # the same lock-out


def test_a_reset_link_is_mailed_and_sets_a_new_password(client, settings):
    settings.SITE_URL = "https://cchc.example.invalid"
    UserFactory(username="xa-son-binh", email="sonbinh@example.invalid", first_name="Lò Văn Pản")

    response = client.post(reverse("password_reset"), {"email": "sonbinh@example.invalid"}, HTTP_HOST="localhost")

    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    [message] = mail.outbox
    assert "Đặt mật khẩu mới" in message.subject and "Lò Văn Pản" in message.body
    [link] = re.findall(r"https://cchc\.example\.invalid(/accounts/reset/\S+/)", message.body)  # never the Host asked
    form = client.get(link, follow=True)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert _sign_in(client, "xa-son-binh", NEW).status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    UserFactory(username="xa-son-binh", email="sonbinh@example.invalid")

    known = client.post(reverse("password_reset"), {"email": "sonbinh@example.invalid"})
    unknown = client.post(reverse("password_reset"), {"email": "khong-co@example.invalid"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1


def test_reset_requests_from_one_connection_are_limited(client):
    from django.core.cache import cache

    cache.clear()
    UserFactory(username="xa-son-binh", email="sonbinh@example.invalid")
    answers = [
        client.post(reverse("password_reset"), {"email": "sonbinh@example.invalid"}, REMOTE_ADDR="10.2.2.2").status_code
        for _ in range(6)
    ]
    cache.clear()

    assert answers == [302] * 5 + [429]
    assert len(mail.outbox) == 5


@pytest.fixture
def office_client(client):
    office = DistrictRoleFactory(role=DistrictRoleKind.OFFICE, user=UserFactory(username="vanphong", is_staff=True)).user
    office.user_permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label="units") | Q(content_type__app_label="auth", codename__in=OFFICE_ACCOUNT_PERMISSIONS)
        )
    )
    client.force_login(User.objects.get(pk=office.pk))
    return client


def test_an_account_whose_password_the_office_set_must_change_it_at_the_next_sign_in(office_client):
    head = MembershipFactory(user=UserFactory(username="xa-son-binh")).user
    reset = office_client.post(
        reverse("admin:auth_user_password_change", args=[head.pk]),
        {"password1": "Văn-phòng-đặt-2020", "password2": "Văn-phòng-đặt-2020"},
    )
    assert reset.status_code == 302
    assert PasswordChangeRequired.objects.get(user=head).set_by.username == "vanphong"

    client = office_client
    client.logout()
    _sign_in(client, "xa-son-binh", "Văn-phòng-đặt-2020")
    home = client.get(reverse("home"))
    admin = client.get(reverse("directives:my_reports"))
    assert home.status_code == admin.status_code == 302 and home["Location"] == reverse("password_change")

    client.post(reverse("password_change"), {"old_password": "Văn-phòng-đặt-2020", "new_password1": NEW, "new_password2": NEW})
    assert client.get(reverse("home")).status_code == 200
    assert not PasswordChangeRequired.objects.filter(user=head).exists()


def test_an_account_the_office_creates_must_change_its_first_password(office_client):
    first = "Mật-khẩu-ban-đầu-2020"
    office_client.post(
        reverse("admin:auth_user_add"),
        {"username": "moi", "first_name": "Mới", "last_name": "", "email": "", "password1": first, "password2": first},
    )
    office_client.logout()
    _sign_in(office_client, "moi", first)

    assert office_client.get(reverse("home"))["Location"] == reverse("password_change")


def test_demo_and_self_chosen_passwords_ask_for_nothing(client):
    UserFactory(username="xa-son-binh")
    _sign_in(client, "xa-son-binh")
    assert client.get(reverse("home")).status_code == 200
