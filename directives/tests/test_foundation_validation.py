"""Bad input in the foundation is refused with a clear Vietnamese message, and nothing already saved is lost.

The office edits directives in the Django admin, so the refusals are checked there (the real form
with its inlines, as the browser posts it) and at model level (``full_clean``).
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from directives.models import Directive, ProgressReport, ReportingPeriod, Task
from tests.factories import AssignmentFactory, DirectiveFactory, PeriodFactory, ReportFactory, TaskFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VIETNAMESE_LETTERS = re.compile("[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.IGNORECASE)


def constraint_message(model, name: str) -> str:
    """The Vietnamese message a model constraint gives when it is violated."""
    constraint = next(c for c in model._meta.constraints if c.name == name)
    with translation.override("vi"):
        return str(constraint.violation_error_message)


def assert_vietnamese(message: str) -> None:
    """The message is a Vietnamese sentence, not an untranslated English message id."""
    assert VIETNAMESE_LETTERS.search(message), f"not translated into Vietnamese: {message!r}"


@pytest.fixture
def office_client(client):
    client.force_login(UserFactory(username="office-admin", is_staff=True, is_superuser=True))
    return client


def form_data(response) -> dict:
    """What the browser would post back for an admin change form, unchanged (main form and inlines)."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if callable(value):
                value = value()
            key = form.add_prefix(name)
            if value is None or name == "scan":
                continue
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, datetime.date):
                data[key] = value.strftime("%d/%m/%Y")
            elif hasattr(value, "pk"):
                data[key] = value.pk
            else:
                data[key] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.initial_forms:
            add(form)
    return data


def post_change(client, obj, changes: dict, **files):
    url = reverse(f"admin:directives_{obj._meta.model_name}_change", args=[obj.pk])
    data = form_data(client.get(url, HTTP_ACCEPT_LANGUAGE="vi"))
    data.update(changes)
    data.update(files)
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="vi")


def errors_of(response) -> list[str]:
    """Every error message the admin page shows (main form, non-field and inline errors)."""
    form = response.context["adminform"].form
    messages = [m for errors in form.errors.values() for m in errors]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        messages += list(formset.non_form_errors())
        for errors in formset.errors:
            messages += [m for field_errors in errors.values() for m in field_errors]
    return messages


@pytest.fixture
def directive_with_scan(db, settings):
    directive = DirectiveFactory()
    directive.scan.save("cv345-original.pdf", ContentFile(PDF))
    return Directive.objects.get(pk=directive.pk)


@pytest.mark.django_db
def test_admin_form_round_trip_without_changes_saves(office_client, directive_with_scan):
    """Guards the helpers below: posting the form back unchanged is accepted."""
    response = post_change(office_client, directive_with_scan, {})

    assert response.status_code == 302, errors_of(response)


@pytest.mark.django_db
def test_oversized_scan_is_refused_in_vietnamese_and_the_saved_scan_is_kept(office_client, directive_with_scan, settings):
    settings.SCAN_MAX_BYTES = 1024
    saved_name = directive_with_scan.scan.name
    too_big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048, content_type="application/pdf")

    response = post_change(office_client, directive_with_scan, {"subject": "Trích yếu đã sửa"}, scan=too_big)

    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["scan"]
    assert_vietnamese(message)
    assert "1,0\xa0KB" in message or "1.0\xa0KB" in message  # the limit is stated
    directive = Directive.objects.get(pk=directive_with_scan.pk)
    assert directive.scan.name == saved_name and directive.scan.storage.exists(saved_name)
    assert directive.subject == directive_with_scan.subject
    # What the user typed is still in the form.
    assert "Trích yếu đã sửa" in response.content.decode()


@pytest.mark.django_db
def test_non_pdf_scan_is_refused_in_vietnamese_even_when_named_pdf(office_client, directive_with_scan):
    saved_name = directive_with_scan.scan.name
    fake = SimpleUploadedFile("scan.pdf", b"PK\x03\x04 this is a zip, not a PDF", content_type="application/pdf")

    response = post_change(office_client, directive_with_scan, {}, scan=fake)

    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["scan"]
    assert_vietnamese(message)
    assert "PDF" in message
    assert Directive.objects.get(pk=directive_with_scan.pk).scan.name == saved_name


@pytest.mark.django_db
def test_empty_scan_is_refused(office_client, directive_with_scan):
    empty = SimpleUploadedFile("scan.pdf", b"", content_type="application/pdf")

    response = post_change(office_client, directive_with_scan, {}, scan=empty)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["scan"]
    assert Directive.objects.get(pk=directive_with_scan.pk).scan.name == directive_with_scan.scan.name


@pytest.mark.django_db
def test_period_ending_before_it_starts_is_refused_at_model_level_in_vietnamese():
    period = ReportingPeriod(
        directive=DirectiveFactory(),
        label="Quý II/2020",
        start_date=datetime.date(2020, 6, 30),
        end_date=datetime.date(2020, 4, 1),
        due_date=datetime.date(2020, 6, 30),
    )

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        period.full_clean()

    [message] = error.value.messages
    assert message == constraint_message(ReportingPeriod, "period_end_after_start")
    assert_vietnamese(message)
    assert not ReportingPeriod.objects.exists()


@pytest.mark.django_db
def test_period_ending_before_it_starts_is_refused_in_the_directive_inline_and_the_period_kept(office_client):
    period = PeriodFactory()
    directive = period.directive
    prefix = "periods-0"

    response = post_change(office_client, directive, {f"{prefix}-end_date": "01/03/2020", "subject": "Trích yếu mới"})

    assert response.status_code == 200
    messages = errors_of(response)
    assert constraint_message(ReportingPeriod, "period_end_after_start") in messages
    for message in messages:
        assert_vietnamese(message)
    period.refresh_from_db()
    assert period.end_date == datetime.date(2020, 6, 30)
    assert Directive.objects.get(pk=directive.pk).subject == directive.subject


@pytest.mark.django_db
def test_period_ending_before_it_starts_is_refused_in_the_period_admin(office_client):
    directive = DirectiveFactory()
    url = reverse("admin:directives_reportingperiod_add")

    response = office_client.post(
        url,
        {
            "directive": directive.pk,
            "label": "Quý II/2020",
            "start_date": "30/06/2020",
            "end_date": "01/04/2020",
            "due_date": "30/06/2020",
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.non_field_errors() == [constraint_message(ReportingPeriod, "period_end_after_start")]
    assert_vietnamese(form.non_field_errors()[0])
    assert not ReportingPeriod.objects.exists()


@pytest.mark.django_db
def test_duplicate_task_number_in_the_directive_inline_is_refused_and_tasks_kept(office_client):
    first = TaskFactory(number=1, text="Nội dung nhiệm vụ 1.")
    directive = first.directive
    TaskFactory(directive=directive, number=2, text="Nội dung nhiệm vụ 2.")
    url = reverse("admin:directives_directive_change", args=[directive.pk])
    data = form_data(office_client.get(url))
    # A third task typed with an existing number.
    data.update(
        {
            "tasks-TOTAL_FORMS": 3,
            "tasks-2-number": 1,
            "tasks-2-short_label": "Nhiệm vụ trùng số",
            "tasks-2-text": "Nội dung mới.",
            "tasks-2-directive": directive.pk,
        }
    )

    response = office_client.post(url, data, HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 200
    [tasks_formset] = [i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "tasks"]
    with translation.override("vi"):
        expected = gettext("Two tasks of this directive have the same number; give each task its own number.")
    assert tasks_formset.non_form_errors() == [expected]
    for message in errors_of(response):
        assert_vietnamese(message)
    assert list(Task.objects.filter(directive=directive).values_list("number", "text")) == [
        (1, "Nội dung nhiệm vụ 1."),
        (2, "Nội dung nhiệm vụ 2."),
    ]
    # What was typed stays on the page.
    assert "Nội dung mới." in response.content.decode()


@pytest.mark.django_db
def test_duplicate_task_number_is_refused_at_model_level_in_vietnamese():
    task = TaskFactory(number=1)

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        Task(directive=task.directive, number=1, short_label="Trùng", text="Trùng").full_clean()

    [message] = error.value.messages
    assert message == constraint_message(Task, "task_unique_number_per_directive")
    assert_vietnamese(message)


@pytest.mark.django_db
def test_report_whose_period_belongs_to_another_directive_is_refused_in_vietnamese():
    assignment = AssignmentFactory()
    foreign_period = PeriodFactory()  # its own directive
    report = ProgressReport(assignment=assignment, period=foreign_period)

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        report.full_clean()

    [message] = error.value.message_dict["period"]
    assert_vietnamese(message)
    assert not ProgressReport.objects.exists()


@pytest.mark.django_db
def test_moving_a_report_to_another_directives_period_in_the_admin_is_refused_and_nothing_changes(office_client):
    # The report admin only reads: its period, like its status and texts, is no input at all.
    report = ReportFactory(results="Kết quả đã nhập")
    foreign_period = PeriodFactory()
    url = reverse("admin:directives_progressreport_change", args=[report.pk])
    data = form_data(office_client.get(url))
    assert "period" not in data
    data["period"] = foreign_period.pk

    response = office_client.post(url, data, HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 403
    report.refresh_from_db()
    assert report.period_id != foreign_period.pk and report.results == "Kết quả đã nhập"
