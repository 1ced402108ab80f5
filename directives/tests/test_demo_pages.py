"""With the demo data of `make run` (reports in every state), every workflow page renders."""

import pytest
from django.urls import reverse

from directives.demo import demo_seed
from directives.models import ExtensionRequest, ProgressReport, ReportStatus
from directives.seeding import seed_cv345
from directives.selectors import current_period
from units.models import Unit


@pytest.fixture
def demo(db):
    directive, _ = seed_cv345()
    demo_seed(directive=directive, password="demo-pass-123")
    return directive


def test_every_demo_report_page_renders_and_the_unit_home_marks_demo_reports(client, demo):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    for status in ReportStatus.values:
        report = ProgressReport.objects.filter(status=status, is_demo=True).select_related("assignment__unit").first()
        client.force_login(users.get(username="vanphong"))
        for name in ("directives:report", "directives:history", "directives:review"):
            assert client.get(reverse(name, args=[report.pk])).status_code == 200, (name, status)
        client.force_login(users.get(username=report.assignment.unit.code))
        assert client.get(reverse("directives:report", args=[report.pk])).status_code == 200
    client.force_login(users.get(username="vanphong"))
    for name in ("directives:review_queue", "directives:report_list", "directives:directive_new"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("directives:directive", args=[demo.pk])).status_code == 200
    extension = ExtensionRequest.objects.first()
    assert client.get(reverse("directives:extension_decide", args=[extension.pk])).status_code == 200

    # The unit's home marks its demo reports as demo data (checked on the same run: a demo costs seconds).
    unit = Unit.objects.get(code="xa-ban-bo")
    client.force_login(users.get(username=unit.code))

    page = client.get(reverse("home")).content.decode()

    period = current_period(directive_id=demo.pk)
    demo_rows = ProgressReport.objects.filter(assignment__unit=unit, period=period, is_demo=True).count()
    assert demo_rows > 0
    assert page.count('<span class="badge text-bg-warning mt-1">Dữ liệu minh họa</span>') == demo_rows
