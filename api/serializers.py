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
    EvidenceFile,
    ExtensionRequest,
    Indicator,
    IndicatorValue,
    LegalBasis,
    ProgressReport,
    ReportingPeriod,
    Task,
)
from directives.selectors import TASK_STATE_ORDER, TaskState
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


# ---------------------------------------------------------------- reports and their state


def _page_url(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])


class ReportSerializer(serializers.ModelSerializer):
    """A unit's report on a task in a period, with its five-state ``state`` as of the requested date."""

    directive = serializers.IntegerField(source="period.directive_id", read_only=True)
    unit_code = serializers.CharField(source="assignment.unit.code", read_only=True)
    task_number = serializers.IntegerField(source="assignment.task.number", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    state = serializers.ChoiceField(choices=TaskState.choices, read_only=True, help_text=_("Five-state status (see DOMAIN)."))
    url = serializers.SerializerMethodField(help_text=_("The report's page on the site."))

    class Meta:
        model = ProgressReport
        fields = [
            "id", "directive", "task", "task_number", "unit", "unit_code", "period", "period_label", "status", "state",
            "deadline", "first_submitted_at", "submitted_at", "reviewed_at", "revision", "is_demo", "url",
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
        fields = ["id", "report", "requested_date", "reason", "requested_at", "status", "decision_note", "decided_at"]


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
    total = serializers.DecimalField(max_digits=20, decimal_places=2, help_text=_("Sum over the period's accepted reports."))
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
