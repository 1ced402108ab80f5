"""Another district runs the same code by changing the organisation alone: pages, e-mails and documents follow."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from notifications.models import Notification
from notifications.tasks import notification_send_email
from organisation.models import Organisation
from organisation.seeding import organisation_seed_values
from organisation.selectors import organisation_current
from organisation.services import organisation_save
from tests.factories import DistrictRoleFactory, UserFactory
from units.models import DistrictRoleKind

PHONG_THO = {
    "authority": "Ủy ban nhân dân",
    "area_name": "huyện Phong Thổ",
    "province_name": "tỉnh Lai Châu",
    "place_name": "Phong Thổ",
    "short_name": "CCHC Phong Thổ",
    "office_name": "Văn phòng HĐND và UBND huyện Phong Thổ",
    "mail_sender": "CCHC Phong Thổ <cchc@phongtho.example.invalid>",
    "report_copies_to": "Thường trực Huyện ủy Phong Thổ",
}


def become_phong_tho() -> Organisation:
    organisation = Organisation.objects.get()
    for name, value in PHONG_THO.items():
        setattr(organisation, name, value)
    return organisation_save(organisation=organisation)


@pytest.mark.django_db
def test_the_migration_seeds_tam_duong_as_the_seed_file_says():
    organisation = Organisation.objects.get()

    assert {name: getattr(organisation, name) for name in organisation_seed_values()} == organisation_seed_values()
    assert organisation.authority_name == "Ủy ban nhân dân huyện Tam Đường"
    assert organisation.header_lines == ("ỦY BAN NHÂN DÂN", "HUYỆN TAM ĐƯỜNG")
    assert organisation.region_line == "Huyện Tam Đường, tỉnh Lai Châu"


@pytest.mark.django_db
def test_a_remembered_organisation_costs_no_query_and_a_saved_change_is_read_at_once(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert organisation_current().short_name == "CCHC Tam Đường"

    become_phong_tho()

    with django_assert_num_queries(1):  # the organisation, read once more after the change
        assert organisation_current().short_name == "CCHC Phong Thổ"
    with django_assert_num_queries(0):
        assert organisation_current().place_name == "Phong Thổ"


@pytest.mark.django_db
def test_a_sender_without_an_address_is_refused():
    organisation = Organisation.objects.get()
    organisation.mail_sender = "CCHC Phong Thổ"

    with pytest.raises(ValidationError) as caught:
        organisation_save(organisation=organisation)

    assert caught.value.error_dict["mail_sender"][0].code == "invalid_sender"


@pytest.mark.django_db
def test_the_page_header_footer_and_title_name_the_configured_district(client):
    client.force_login(DistrictRoleFactory(role=DistrictRoleKind.OFFICE).user)
    before = client.get(reverse("home")).content.decode()
    become_phong_tho()

    page = client.get(reverse("home")).content.decode()

    assert "CCHC Tam Đường" in before and "Huyện Tam Đường, tỉnh Lai Châu" in before
    assert "CCHC Phong Thổ" in page and "Huyện Phong Thổ, tỉnh Lai Châu" in page
    assert "Văn phòng HĐND và UBND huyện Phong Thổ" in page
    assert "Tam Đường" not in page


@pytest.mark.django_db
def test_the_admin_header_names_the_configured_district(admin_client):
    become_phong_tho()

    page = admin_client.get(reverse("admin:index")).content.decode()

    assert "Theo dõi cải cách hành chính – huyện Phong Thổ" in page
    assert "Tam Đường" not in page


@pytest.mark.django_db
def test_an_email_comes_from_the_configured_sender_with_its_footer():
    become_phong_tho()
    user = UserFactory(email="truong@example.invalid")
    note = Notification.objects.create(recipient=user, title="Báo cáo bị trả lại", body="Bổ sung.")

    notification_send_email(note.pk)

    message = mail.outbox[-1]
    assert message.from_email == "CCHC Phong Thổ <cchc@phongtho.example.invalid>"
    assert "Theo dõi cải cách hành chính – huyện Phong Thổ" in message.body
    assert "Tam Đường" not in message.body


@pytest.mark.django_db
def test_without_a_sender_emails_come_from_the_server_default(settings):
    settings.DEFAULT_FROM_EMAIL = "cchc@server.example.invalid"
    organisation = Organisation.objects.get()
    organisation.mail_sender = ""
    organisation_save(organisation=organisation)
    note = Notification.objects.create(recipient=UserFactory(email="a@example.invalid"), title="Thử")

    notification_send_email(note.pk)

    assert mail.outbox[-1].from_email == "cchc@server.example.invalid"


@pytest.mark.django_db
def test_the_office_edits_the_organisation_in_the_admin_but_cannot_add_a_second_or_delete_it(admin_client):
    organisation = Organisation.objects.get()
    url = reverse("admin:organisation_organisation_change", args=[organisation.pk])
    data = {**PHONG_THO, "report_copies_to": "Thường trực Huyện ủy"}

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert organisation_current().short_name == "CCHC Phong Thổ"
    assert admin_client.get(reverse("admin:organisation_organisation_add")).status_code == 403
    assert admin_client.get(reverse("admin:organisation_organisation_delete", args=[organisation.pk])).status_code == 403


@pytest.mark.django_db
def test_a_reminder_names_the_configured_district_and_comes_from_its_sender(django_capture_on_commit_callbacks):
    import datetime

    import time_machine

    from reminders.tasks import reminders_sweep
    from reminders.tests.conftest import DEADLINE, at_0730, build_district

    build_district()
    become_phong_tho()
    with (
        time_machine.travel(at_0730(DEADLINE - datetime.timedelta(days=3)), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_sweep.delay()

    message = mail.outbox[-1]
    assert message.from_email == "CCHC Phong Thổ <cchc@phongtho.example.invalid>"
    assert message.extra_headers["Message-ID"].endswith("@phongtho.example.invalid>")
    assert "Theo dõi cải cách hành chính – huyện Phong Thổ" in message.body
    assert "Theo dõi cải cách hành chính – huyện Phong Thổ" in message.alternatives[0][0]
