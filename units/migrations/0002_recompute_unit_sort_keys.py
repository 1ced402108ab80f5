"""Recompute every unit's stored Vietnamese sort key with the digits-only key (prefixes sort first)."""

from django.db import migrations

from units.collation import vietnamese_sort_key


def recompute_sort_keys(apps, schema_editor):
    Unit = apps.get_model("units", "Unit")
    units = list(Unit.objects.all())
    for unit in units:
        unit.sort_key = vietnamese_sort_key(unit.name)
    Unit.objects.bulk_update(units, ["sort_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(recompute_sort_keys, migrations.RunPython.noop)]
