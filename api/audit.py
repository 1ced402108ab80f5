"""Every write through the API is in the audit trail with the token that made it.

The services record most changes themselves (django-auditlog, on save); inside an API write every
such entry carries the token (``additional_data``). Some workflow steps move a report with a
conditional UPDATE, which the audit trail does not see; for those, the write's target is recorded
here with its values before and after, so no API write is missing from the trail.
"""

import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from auditlog.context import set_extra_data
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import ApiToken


@dataclass
class ApiWrite:
    marker: dict
    before: models.Model | None = None

    def record(self, *, target: models.Model, user) -> None:
        """Record ``target`` unless an entry of this write already names it."""
        content_type = ContentType.objects.get_for_model(target)
        logged = LogEntry.objects.filter(
            content_type=content_type, object_pk=str(target.pk), additional_data__api_request=self.marker["api_request"]
        )
        if logged.exists():
            return
        after = type(target)._base_manager.get(pk=target.pk)
        changes = model_instance_diff(self.before, after) if self.before is not None else None
        LogEntry.objects.log_create(
            after,
            force_log=True,
            action=LogEntry.Action.UPDATE if self.before is not None else LogEntry.Action.CREATE,
            changes=changes or {},
            actor=user if getattr(user, "pk", None) else None,
            additional_data=self.marker,
        )


@contextmanager
def api_write(request, *, operation: str, before: models.Model | None = None):
    """Run one API write with its token named on every audit entry it makes (see ``ApiWrite.record``)."""
    token: ApiToken = request.auth
    marker = {
        "api_token_id": token.pk,
        "api_token": token.name,
        "api_operation": operation,
        "api_request": uuid.uuid4().hex,
    }
    write = ApiWrite(marker=marker, before=before)
    with set_extra_data({"actor": request.user, "additional_data": marker}):
        yield write
