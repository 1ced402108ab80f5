"""The SIPAS structure and task links are seeded idempotently; demo figures are always marked demo."""

import importlib

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from directives.seeding import seed_cv345
from satisfaction.demo import DEMO_SOURCE, sipas_demo_seed
from satisfaction.models import LowRatedTaskLink, Measurement, SatisfactionSetting, SipasCriterion, SipasElement, SurveyResponse
from satisfaction.seeding import sipas_seed
from tests.factories import DistrictRoleFactory

pytestmark = pytest.mark.django_db


def test_seed_loads_five_elements_and_22_criteria_flagged_to_verify_and_no_figure():
    sipas_seed()
    assert list(SipasElement.objects.values_list("code", flat=True)) == ["E1", "E2", "E3", "E4", "E5"]
    split = [SipasCriterion.objects.filter(element__code=f"E{n}").count() for n in range(1, 6)]
    assert split == [4, 5, 6, 3, 4]
    assert not SipasCriterion.objects.filter(wording_to_verify=False).exists()
    assert not Measurement.objects.exists()


def test_seed_links_tasks_1_and_2_of_cv345_once_and_keeps_edits():
    result = sipas_seed()
    assert result.missing_tasks == 2  # Công văn 345 not loaded yet: nothing to link
    seed_cv345()
    assert sipas_seed().created_links == 2
    assert sorted(LowRatedTaskLink.objects.values_list("task__number", flat=True)) == [1, 2]
    assert {link.task.directive.number for link in LowRatedTaskLink.objects.all()} == {"345/UBND-NV"}

    SipasCriterion.objects.filter(code="3.1").update(text="Đã sửa", wording_to_verify=False)
    SatisfactionSetting.objects.update(low_threshold=75)
    again = sipas_seed()

    assert (again.created_elements, again.created_criteria, again.created_links) == (0, 0, 0)
    assert SipasCriterion.objects.get(code="3.1").text == "Đã sửa"
    assert SatisfactionSetting.objects.get().low_threshold == 75


def test_the_data_migration_loads_and_unloads_the_structure():
    migration = importlib.import_module("satisfaction.migrations.0002_seed_sipas_structure")
    migration.unload_structure(apps, None)
    assert not SipasElement.objects.exists() and not SipasCriterion.objects.exists()
    migration.load_structure(apps, None)
    migration.load_structure(apps, None)  # twice changes nothing
    assert SipasElement.objects.count() == 5 and SipasCriterion.objects.count() == 22


def test_demo_seed_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_sipas", "--demo")
    assert not Measurement.objects.exists()


def test_demo_figures_are_flagged_and_shown_as_demo(client):
    seed_cv345()
    call_command("seed_sipas", "--demo", "--force")
    call_command("seed_sipas", "--demo", "--force")  # idempotent

    assert Measurement.objects.count() == 2
    assert not Measurement.objects.filter(is_demo=False).exists()
    assert Measurement.objects.filter(source_document=DEMO_SOURCE).count() == 2
    assert SurveyResponse.objects.filter(is_demo=False).count() == 0
    assert SurveyResponse.objects.count() == 26 * 8
    assert sipas_demo_seed().measurements == 0

    client.force_login(DistrictRoleFactory().user)
    html = client.get(reverse("satisfaction:overview")).content.decode()
    assert html.count("Dữ liệu minh họa – không phải số liệu chính thức") >= 3  # low-rated, results, survey
