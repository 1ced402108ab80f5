"""Reading the audit trail: which entries an actor may see, and their changes in readable form."""

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Cast
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext

from units.permissions import Actor

# auditlog stores a missing value (NULL) as this string.
_NONE = "None"


@dataclass(frozen=True)
class AuditChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    entry: LogEntry
    model_name: str
    changes: list[AuditChange]


def audited_content_types() -> list[ContentType]:
    """The content types of every model the audit trail records (see AUDITLOG_INCLUDE_TRACKING_MODELS)."""
    models_by_ct = ContentType.objects.get_for_models(*auditlog.get_models())
    return sorted(models_by_ct.values(), key=lambda ct: (ct.app_label, ct.model))


def audit_entries_for_actor(
    *,
    actor: Actor,
    content_type_id: int | None = None,
    object_pk: str = "",
    username: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[LogEntry]:
    """Audit entries the actor may read (the view lets only the office in), newest first."""
    # Nobody but a superuser sees a trace of a superuser's account: neither what superusers did nor what was done to
    # their accounts (``audit_rows`` names them only as the system administrator).
    entries = LogEntry.objects.filter(content_type__in=audited_content_types())
    if not actor.is_superuser:
        superusers = get_user_model().objects.filter(is_superuser=True).annotate(key=Cast("pk", models.CharField()))
        entries = entries.exclude(actor__is_superuser=True).exclude(
            content_type=ContentType.objects.get_for_model(get_user_model()), object_pk__in=superusers.values("key")
        )
    if content_type_id is not None:
        entries = entries.filter(content_type_id=content_type_id)
    if object_pk:
        entries = entries.filter(object_pk=object_pk)
    if username:
        entries = entries.filter(actor__username__icontains=username)
    if date_from is not None:
        entries = entries.filter(timestamp__date__gte=date_from)
    if date_to is not None:
        entries = entries.filter(timestamp__date__lte=date_to)
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def audit_rows(*, entries: list[LogEntry], name_superusers: bool = False) -> list[AuditRow]:
    """Before/after values of each entry as text, with one query per referenced model (not per entry)."""
    # An account that is a superuser reads "system administrator" unless ``name_superusers``.
    related = _related_objects(entries, name_superusers=name_superusers)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for field_name, values in (entry.changes_dict or {}).items():
            field = _field(model, field_name)
            if isinstance(values, (list, tuple)) and len(values) == 2:
                before, after = (_display(field, value, related) for value in values)
            else:  # many-to-many changes are stored as a description, not a pair
                before, after = "", str(values)
            label = str(field.verbose_name) if field is not None else field_name
            changes.append(AuditChange(field=label, before=before, after=after))
        model_name = str(model._meta.verbose_name) if model is not None else entry.content_type.model
        rows.append(AuditRow(entry=entry, model_name=model_name, changes=changes))
    return rows


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None  # not a reverse relation


def _related_objects(entries: list[LogEntry], *, name_superusers: bool) -> dict[tuple[type[models.Model], str], str]:
    """Current names of every object a foreign-key change points at, one query per related model."""
    wanted: dict[type[models.Model], set] = {}
    for entry in entries:
        model = entry.content_type.model_class()
        for field_name, values in (entry.changes_dict or {}).items():
            field = _field(model, field_name)
            is_reference = field is not None and (field.many_to_one or field.one_to_one)
            if not is_reference or not isinstance(values, (list, tuple)):
                continue
            for value in values:
                if value is None or value == _NONE:
                    continue
                try:
                    wanted.setdefault(field.related_model, set()).add(field.related_model._meta.pk.to_python(value))
                except ValidationError:
                    continue
    names = {}
    for related_model, pks in wanted.items():
        # select_related() follows the non-null foreign keys that __str__ usually reads (no N+1).
        for obj in related_model._base_manager.filter(pk__in=pks).select_related():
            hidden = getattr(obj, "is_superuser", False) and not name_superusers
            names[(related_model, str(obj.pk))] = gettext("system administrator") if hidden else str(obj)
    return names


def _display(field: models.Field | None, value, related: dict) -> str:
    if value is None or value == _NONE:
        return ""
    value = str(value)
    if field is None:
        return value
    if field.many_to_one or field.one_to_one:
        return related.get((field.related_model, value), gettext("deleted object #%(pk)s") % {"pk": value})
    if field.choices:
        return str(dict(field.flatchoices).get(_choice_key(field, value), value))
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value == "True" else gettext("No")
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        if moment is None:
            return value
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        day = parse_date(value)
        return formats.date_format(day, "SHORT_DATE_FORMAT") if day else value
    return value


def _choice_key(field: models.Field, value: str):
    try:
        return field.to_python(value)
    except ValidationError:
        return value
