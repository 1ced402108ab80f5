"""What the API sends and accepts. Reads are shaped from selector results; writes are checked here
for form (types, lengths, required fields) and then handed to the same services as the pages, which
hold every rule."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directives.models import (
    Directive,
    DocumentType,
    EvidenceFile,
    ExtensionRequest,
    Indicator,
    IndicatorValue,
    LegalBasis,
    ProgressReport,
    ReportingPeriod,
    ReportSchedule,
    Task,
)
from directives.selectors import TASK_STATE_ORDER, TaskState
from directives.validators import evidence_kind_detect
from district_reports.models import ReportVersion
from security.text import text_clean
from units.models import Unit, UnitKind

# ---------------------------------------------------------------- reference data


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "short_name", "kind", "is_active", "valid_from", "valid_to"]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "label", "unit_label"]


class TaskSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "number", "short_label", "text", "indicators"]


class LegalBasisSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalBasis
        fields = ["doc_type", "number", "date", "issuer", "subject"]


class DirectiveSerializer(serializers.ModelSerializer):
    legal_bases = LegalBasisSerializer(many=True, read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)

    class Meta:
        model = Directive
        fields = [
            "id", "title", "doc_type", "number", "issue_date", "issuing_body", "place", "signer_title", "signer_name",
            "subject", "recipients_text", "preamble", "closing_text", "copies_to", "status", "report_schedule",
            "report_due_day", "legal_bases", "tasks",
        ]  # fmt: skip


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "directive", "label", "start_date", "end_date", "due_date"]


class DistrictReportFinalSerializer(serializers.ModelSerializer):
    """The text a district report was marked final with: what the district sent upward."""

    report = serializers.IntegerField(source="report_id", read_only=True)
    directive = serializers.IntegerField(source="report.directive_id", read_only=True)
    window_kind = serializers.CharField(source="report.window_kind", read_only=True)
    window = serializers.CharField(source="report.window.label", read_only=True, help_text=_("The reporting window, in words."))
    year = serializers.IntegerField(source="report.year", read_only=True)
    quarter = serializers.IntegerField(source="report.quarter", read_only=True, help_text=_("1–4 for a quarter, 0 otherwise."))
    report_date = serializers.DateField(source="report.report_date", read_only=True)
    document_number = serializers.CharField(source="report.number", read_only=True)
    subject = serializers.CharField(source="report.subject", read_only=True)
    version = serializers.IntegerField(source="number", read_only=True)
    finalised_at = serializers.DateTimeField(source="saved_at", read_only=True)
    content = serializers.DictField(
        read_only=True, help_text=_("The header data and every section's heading, figures and text, as marked final.")
    )

    class Meta:
        model = ReportVersion
        fields = [
            "id", "report", "directive", "window_kind", "window", "year", "quarter", "report_date", "document_number",
            "subject", "version", "finalised_at", "content",
        ]  # fmt: skip


# ---------------------------------------------------------------- reports and their state


def _page_url(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])


class ReportSerializer(serializers.ModelSerializer):
    """A unit's report on a task in a period, with its five-state ``state`` as of the requested date."""

    directive = serializers.IntegerField(source="period.directive_id", read_only=True)
    unit_code = serializers.CharField(source="assignment.unit.code", read_only=True)
    task_number = serializers.IntegerField(source="assignment.task.number", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    state = serializers.ChoiceField(
        choices=TaskState.choices, read_only=True, help_text=_("Five-state status as of the requested date (today by default).")
    )
    owed_by = serializers.DateField(
        read_only=True, help_text=_("The day by which the unit must act: the deadline, or the end of its resubmission window.")
    )
    url = serializers.SerializerMethodField(help_text=_("The report's page on the site."))

    class Meta:
        model = ProgressReport
        fields = [
            "id", "directive", "task", "task_number", "unit", "unit_code", "period", "period_label", "status", "state",
            "deadline", "owed_by", "resubmit_by", "first_submitted_at", "submitted_at", "reviewed_at", "revision",
            "is_demo", "url",
        ]  # fmt: skip

    def get_url(self, report) -> str:
        return _page_url("directives:report", report.pk)


class IndicatorValueSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="indicator.code", read_only=True)
    label = serializers.CharField(source="indicator.label", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "code", "label", "value"]


class EvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    submitted = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField(help_text=_("Download through the site, signed in."))

    class Meta:
        model = EvidenceFile
        fields = ["id", "name", "kind", "size", "uploaded_at", "submitted", "download_url"]

    def get_submitted(self, evidence) -> bool:
        return evidence.submitted_in_id is not None

    def get_download_url(self, evidence) -> str:
        return _page_url("directives:evidence_download", evidence.pk)


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "report",
            "requested_date",
            "reason",
            "requested_at",
            "status",
            "granted_date",
            "decision_note",
            "decided_at",
        ]


class ReportDetailSerializer(ReportSerializer):
    indicator_values = IndicatorValueSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    extension_requests = ExtensionSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [
            *ReportSerializer.Meta.fields,
            "results", "shortcomings", "solutions", "review_comment", "indicator_values", "evidence", "extension_requests",
        ]  # fmt: skip


# ---------------------------------------------------------------- counts


@extend_schema_field(
    {
        "type": "object",
        "properties": {state.value: {"type": "integer"} for state in TASK_STATE_ORDER},
        "required": [state.value for state in TASK_STATE_ORDER],
    }
)
class StateCountsField(serializers.DictField):
    pass


class TallySerializer(serializers.Serializer):
    """Counts of one group of reports (``dashboard.selectors.StateTally``)."""

    counts = StateCountsField(child=serializers.IntegerField(), help_text=_("Reports per five-state status."))
    total = serializers.IntegerField()
    due = serializers.IntegerField(help_text=_("Reports whose period has opened."))
    done = serializers.IntegerField()
    submitted = serializers.IntegerField()
    accepted = serializers.IntegerField()
    awaiting_review = serializers.IntegerField()
    completion_rate = serializers.FloatField(allow_null=True, help_text=_("Percentage done of those due; null when none is due."))
    on_time_rate = serializers.FloatField(allow_null=True)


class UnitTallySerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_code = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    tally = TallySerializer()


class TaskTallySerializer(serializers.Serializer):
    task = serializers.IntegerField(source="key.pk")
    task_number = serializers.IntegerField(source="key.number")
    tally = TallySerializer()


class KindTallySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(source="key", choices=UnitKind.choices)
    tally = TallySerializer()


class PeriodTallySerializer(serializers.Serializer):
    period = PeriodSerializer()
    as_of = serializers.DateField()
    total = TallySerializer()
    by_unit = UnitTallySerializer(many=True)
    by_task = TaskTallySerializer(many=True)
    by_kind = KindTallySerializer(many=True)


class TrendPointSerializer(serializers.Serializer):
    period = PeriodSerializer(source="key")
    tally = TallySerializer()


class DirectiveTallySerializer(serializers.Serializer):
    directive = serializers.IntegerField()
    as_of = serializers.DateField()
    periods = TrendPointSerializer(many=True)


class IndicatorTotalSerializer(serializers.Serializer):
    indicator = IndicatorSerializer()
    task = serializers.IntegerField(source="indicator.task_id")
    total = serializers.DecimalField(
        max_digits=20,
        decimal_places=2,
        allow_null=True,
        help_text=_("Sum over the period's accepted reports; null when none gave a value (never a 0 nobody reported)."),
    )
    reports = serializers.IntegerField(help_text=_("Accepted reports that gave a value."))


class PeriodIndicatorsSerializer(serializers.Serializer):
    period = PeriodSerializer()
    indicators = IndicatorTotalSerializer(many=True)


# ---------------------------------------------------------------- errors (for the schema)


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text=_("Path of the input concerned, e.g. tasks.0.text; null for the whole request.")
    )
    message = serializers.CharField()
    code = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("The first message, for people."))
    code = serializers.CharField()
    errors = ErrorItemSerializer(many=True)


# ---------------------------------------------------------------- writes (form only: the services hold the rules)

# Bounds on text entering through the API, so that one request cannot fill the database.
LONG_TEXT = 100_000


class StrictCharField(serializers.CharField):
    """Text, and only text (a JSON number or true is refused rather than turned into "5" or "True"),
    cleaned by the one rule for text entering the app (``security.text.text_clean``) before it is checked."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(text_clean(data))


class StrictIntegerField(serializers.IntegerField):
    """A JSON whole number, not a string of digits nor true."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false only."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


@extend_schema_field(
    {
        "oneOf": [
            {"type": "number", "minimum": 0, "maximum": 99999999999999.99},
            {"type": "string", "pattern": r"^\d{1,14}(\.\d{1,2})?$"},
        ],
        "nullable": True,
        "description": "≥ 0, at most two decimals",
    }
)
class IndicatorValueField(serializers.DecimalField):
    """An indicator's value: a JSON number or a decimal string, never true/false."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=16, decimal_places=2, min_value=0, allow_null=True, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ReportContentSerializer(serializers.Serializer):
    """What a unit writes; a field left out keeps what is saved (nothing already saved is lost)."""

    results = StrictCharField(required=False, allow_blank=True, max_length=LONG_TEXT)
    shortcomings = StrictCharField(required=False, allow_blank=True, max_length=LONG_TEXT)
    solutions = StrictCharField(required=False, allow_blank=True, max_length=LONG_TEXT)
    indicators = serializers.DictField(
        child=IndicatorValueField(),
        required=False,
        help_text=_("Indicator code → value (null clears it), as the task's indicators list them."),
    )


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("PDF, Word, Excel, JPEG or PNG, checked by content."))

    def validate_file(self, upload):
        evidence_kind_detect(upload)  # the same check as the report form's, field by field
        return upload


class ReviewDecisionSerializer(serializers.Serializer):
    revision = StrictIntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("The revision you reviewed (the report's revision); a newer one is a conflict."),
    )
    comment = StrictCharField(required=False, allow_blank=True, default="", max_length=LONG_TEXT)


class ExtensionRequestCreateSerializer(serializers.Serializer):
    requested_date = serializers.DateField()
    reason = StrictCharField(max_length=2000)


class ExtensionDecisionSerializer(serializers.Serializer):
    approve = StrictBooleanField(help_text=_("true approves (with new_date, by default the date asked for); false refuses."))
    new_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = StrictCharField(required=False, allow_blank=True, default="", max_length=2000)


class TaskDraftSerializer(serializers.Serializer):
    number = StrictIntegerField(min_value=1, max_value=999)
    short_label = StrictCharField(max_length=200)
    text = StrictCharField(max_length=LONG_TEXT)


class DirectiveCreateSerializer(serializers.Serializer):
    """A directive handed over by an e-office system: its tasks, who it goes to and which years to report.

    Only the form of each field is checked here; the service validates the directive itself (a unique
    number, the due day) with the messages the set-up page shows.
    """

    doc_type = serializers.ChoiceField(choices=DocumentType.choices)
    number = StrictCharField(max_length=50)
    issue_date = serializers.DateField()
    issuing_body = StrictCharField(max_length=200)
    place = StrictCharField(max_length=100, required=False, allow_blank=True, default="")
    signer_title = StrictCharField(max_length=200)
    signer_name = StrictCharField(max_length=100)
    subject = StrictCharField(max_length=LONG_TEXT)
    report_schedule = serializers.ChoiceField(choices=ReportSchedule.choices)
    report_due_day = StrictIntegerField(min_value=1, max_value=28)
    tasks = serializers.ListField(child=TaskDraftSerializer(), min_length=1, max_length=200)
    unit_codes = serializers.ListField(
        child=StrictCharField(max_length=40), required=False, default=list, max_length=10_000,
        help_text=_("Codes of the recipient units."),
    )  # fmt: skip
    unit_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=UnitKind.choices), required=False, default=list,
        help_text=_("Every active unit of these kinds receives it too."),
    )  # fmt: skip
    year_from = StrictIntegerField(min_value=2000, max_value=2100)
    year_to = StrictIntegerField(min_value=2000, max_value=2100)

    def validate_unit_codes(self, codes):
        known = set(Unit.objects.filter(code__in=codes, is_active=True).values_list("code", flat=True))
        unknown = {position: code for position, code in enumerate(codes) if code not in known}
        if unknown:
            raise serializers.ValidationError(
                {position: [_("No active unit has the code “%(code)s”.") % {"code": code}] for position, code in unknown.items()}
            )
        return codes

    def validate(self, data):
        if data["year_to"] < data["year_from"]:
            raise serializers.ValidationError({"year_to": [_("The last year cannot be before the first.")]})
        if data["year_to"] - data["year_from"] > 10:
            raise serializers.ValidationError({"year_to": [_("Set up at most ten years at a time.")]})
        if not data["unit_codes"] and not data["unit_kinds"]:
            raise serializers.ValidationError({"unit_codes": [_("Choose the units (or kinds of units) the directive goes to.")]})
        return data
