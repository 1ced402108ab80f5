"""Give every installation its organisation row, with the values the tracker was built for (Tam Đường).

The office or the administrator changes them in the admin; ``migrate`` never overwrites a row that exists.
"""

import json
from pathlib import Path

from django.db import migrations

SEED_FILE = Path(__file__).resolve().parent.parent / "seed" / "tam_duong.json"


def load(apps, schema_editor):
    model = apps.get_model("organisation", "Organisation")
    if not model.objects.exists():
        data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
        model.objects.create(**{key: value for key, value in data.items() if not key.startswith("_")})


def unload(apps, schema_editor):
    apps.get_model("organisation", "Organisation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_organisation")]

    operations = [migrations.RunPython(load, unload)]
