"""Loading the SIPAS structure and the task links from data shipped in the project (never any figure)."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from directives.models import Task

from .models import LowRatedTaskLink, SatisfactionSetting, SipasCriterion, SipasElement

SEED_FILE = Path(__file__).resolve().parent / "seed" / "sipas.json"


@dataclass
class SipasSeedResult:
    created_elements: int = 0
    created_criteria: int = 0
    created_links: int = 0
    missing_tasks: int = 0


@transaction.atomic
def sipas_seed(*, path: Path = SEED_FILE) -> SipasSeedResult:
    """Create what is missing of the five elements, their criteria, the settings row and the task links.

    Idempotent and never overwrites the office's edits. The wording is flagged "to verify". Links to
    tasks that do not exist yet (seed_cv345 not run) are counted as missing and created on a later run.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    result = SipasSeedResult()
    for element_row in data["elements"]:
        element, created = SipasElement.objects.get_or_create(
            code=element_row["code"],
            defaults={
                "position": element_row["position"],
                "name": element_row["name"],
                "survey_question": element_row["survey_question"],
                "wording_to_verify": True,
            },
        )
        result.created_elements += created
        for position, criterion_row in enumerate(element_row["criteria"], start=1):
            _, created = SipasCriterion.objects.get_or_create(
                code=criterion_row["code"],
                defaults={"element": element, "position": position, "text": criterion_row["text"], "wording_to_verify": True},
            )
            result.created_criteria += created
    SatisfactionSetting.objects.get_or_create(pk=1)

    wanted = {(row["directive"], row["task"]): row["intro"] for row in data["task_links"]}
    tasks = Task.objects.filter(directive__number__in={directive for directive, _ in wanted}).select_related("directive")
    found = {(task.directive.number, task.number): task for task in tasks if (task.directive.number, task.number) in wanted}
    for key, task in found.items():
        _, created = LowRatedTaskLink.objects.get_or_create(task=task, defaults={"intro": wanted[key]})
        result.created_links += created
    result.missing_tasks = len(wanted) - len(found)
    return result
