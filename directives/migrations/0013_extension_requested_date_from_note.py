"""Give back the date a unit asked for to extensions decided before the two dates were kept apart.

Such a decision overwrote the requested date with the granted one and, when they differed, began
its note with "Requested dd/mm/yyyy; granted dd/mm/yyyy." (in the language of the page, Vietnamese
"Đề nghị đến …; đồng ý đến …."). Migration 0008 copied the granted date into ``granted_date``; here
the asked date is read back from that sentence, which then leaves the note: the page shows both
dates. Extensions without the sentence keep the copy (the office granted the date asked).

Frozen here (no import of the app's code): the two wordings of the sentence as the decision wrote them.
"""

import datetime
import re

from django.db import migrations

DATE = r"(\d{2}/\d{2}/\d{4})"
WRITTEN = re.compile(rf"^(?:Requested {DATE}; granted {DATE}\.|Đề nghị đến {DATE}; đồng ý đến {DATE}\.)\s*")


def _day(text):
    return datetime.datetime.strptime(text, "%d/%m/%Y").date()


def forwards(apps, schema_editor):
    ExtensionRequest = apps.get_model("directives", "ExtensionRequest")
    approved = ExtensionRequest.objects.filter(status="approved", decision_note__regex=r"^(Requested|Đề nghị đến) ")
    for extension in approved.only("pk", "requested_date", "granted_date", "decision_note"):
        found = WRITTEN.match(extension.decision_note)
        if found is None:
            continue
        asked, granted = [_day(text) for text in found.groups() if text is not None]
        if granted != extension.granted_date:
            continue
        extension.requested_date = asked
        extension.decision_note = extension.decision_note[found.end() :]
        extension.save(update_fields=["requested_date", "decision_note"])


class Migration(migrations.Migration):
    dependencies = [("directives", "0012_report_state_tallies")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
