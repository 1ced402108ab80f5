"""Load the SIPAS structure (five elements, 22 criteria, wording flagged "to verify"); no figures.

Reads the seed shipped in the app so ``migrate`` alone gives every installation the structure. The
task links need Công văn 345's tasks, which come later from seed_cv345: ``manage.py seed_sipas`` adds them.
"""

import json
from pathlib import Path

from django.db import migrations

SEED_FILE = Path(__file__).resolve().parent.parent / "seed" / "sipas.json"


def load_structure(apps, schema_editor):
    element_model = apps.get_model("satisfaction", "SipasElement")
    criterion_model = apps.get_model("satisfaction", "SipasCriterion")
    setting_model = apps.get_model("satisfaction", "SatisfactionSetting")
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    for row in data["elements"]:
        element, _ = element_model.objects.get_or_create(
            code=row["code"],
            defaults={"position": row["position"], "name": row["name"], "survey_question": row["survey_question"], "wording_to_verify": True},
        )
        for position, criterion in enumerate(row["criteria"], start=1):
            criterion_model.objects.get_or_create(
                code=criterion["code"],
                defaults={"element": element, "position": position, "text": criterion["text"], "wording_to_verify": True},
            )
    setting_model.objects.get_or_create(pk=1)


def unload_structure(apps, schema_editor):
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    codes = [row["code"] for row in data["elements"]]
    apps.get_model("satisfaction", "SipasCriterion").objects.filter(element__code__in=codes).delete()
    apps.get_model("satisfaction", "SipasElement").objects.filter(code__in=codes).delete()
    apps.get_model("satisfaction", "SatisfactionSetting").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("satisfaction", "0001_sipas_structure_measurements_survey")]

    operations = [migrations.RunPython(load_structure, unload_structure)]
