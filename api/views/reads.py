"""Read endpoints: the same selectors and access functions as the pages, so the API shows what the
pages show (units their own reports; the office and leadership every unit and every figure)."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from dashboard.selectors import directive_periods, directive_tasks, indicator_totals, period_breakdown, period_trend
from directives.models import Directive, LegalBasis, ProgressReport, ReportingPeriod, Task
from directives.permissions import directive_get_for_actor, extension_get_for_actor, report_get_for_actor
from directives.selectors import TaskState, extension_queue, office_reports, reports_with_state, review_queue
from district_reports.models import ReportVersion
from district_reports.selectors import district_report_final_versions
from units.models import Unit

from .. import serializers
from ..permissions import district_read_check, office_read_check
from .base import AS_OF_PARAMETER, ApiViewSet, id_filter, parse_id, path_id

REPORT_FILTERS = [
    id_filter("directive", _("Only this directive's reports.")),
    id_filter("period", _("Only this period's reports.")),
    id_filter("unit", _("Only this unit's reports.")),
    OpenApiParameter("state", OpenApiTypes.STR, enum=TaskState.values, description=_("Only reports in this state.")),
    AS_OF_PARAMETER,
]


def _audit_last_modified(*models) -> "timezone.datetime | None":
    """When the audit trail last recorded a change to one of ``models`` (one query)."""
    content_types = ContentType.objects.get_for_models(*models).values()
    return LogEntry.objects.filter(content_type__in=content_types).aggregate(latest=Max("timestamp"))["latest"]


@extend_schema_view(
    list=extend_schema(summary=_("Units"), description=_("Every unit, in the official order, with its validity dates.")),
    retrieve=extend_schema(summary=_("One unit")),
)
class UnitViewSet(ApiViewSet):
    serializer_class = serializers.UnitSerializer
    queryset = Unit.objects.none()

    def get_queryset(self):
        district_read_check(actor=self.actor)
        return Unit.objects.in_official_order()

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        unit = self.get_queryset().filter(pk=path_id(pk)).first()
        if unit is None:
            raise Http404
        return Response(self.get_serializer(unit).data)

    def last_modified(self):
        return _audit_last_modified(Unit)


def directives_with_children():
    return Directive.objects.prefetch_related("legal_bases", "tasks__indicators").order_by("-issue_date", "number", "pk")


@extend_schema_view(
    list=extend_schema(summary=_("Directives"), description=_("Every directive with its legal bases, tasks and indicators.")),
    retrieve=extend_schema(summary=_("One directive")),
    tally=extend_schema(
        summary=_("Counts per period"),
        description=_("How many reports of each period are in each state (the one status rule), as of a date."),
        parameters=[AS_OF_PARAMETER],
        responses=serializers.DirectiveTallySerializer,
    ),
)
class DirectiveViewSet(ApiViewSet):
    serializer_class = serializers.DirectiveSerializer
    queryset = Directive.objects.none()

    def list(self, request):
        district_read_check(actor=self.actor)
        page = self.paginate_queryset(directives_with_children())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _directive(self, pk) -> Directive:
        return directive_get_for_actor(actor=self.actor, directive_id=path_id(pk))

    def retrieve(self, request, pk=None):
        directive = self._directive(pk)
        directive = directives_with_children().get(pk=directive.pk)
        return Response(self.get_serializer(directive).data)

    @action(detail=True, methods=["get"])
    def tally(self, request, pk=None):
        directive = self._directive(pk)
        as_of = self.as_of()
        trend = period_trend(periods=directive_periods(directive=directive), as_of=as_of)
        data = {"directive": directive.pk, "as_of": as_of, "periods": trend}
        return Response(serializers.DirectiveTallySerializer(data).data)

    def last_modified(self):
        return _audit_last_modified(Directive, LegalBasis, Task)


@extend_schema_view(
    list=extend_schema(
        summary=_("Reporting periods"),
        parameters=[id_filter("directive", _("Only this directive's periods."))],
    ),
    retrieve=extend_schema(summary=_("One reporting period")),
    tally=extend_schema(
        summary=_("Counts of one period"),
        description=_("The period's reports per state: in all, per unit, per task and per kind of unit, as of a date."),
        parameters=[AS_OF_PARAMETER],
        responses=serializers.PeriodTallySerializer,
    ),
    indicators=extend_schema(
        summary=_("Indicator totals of one period"),
        description=_("Each indicator's total over the period's accepted reports."),
        responses=serializers.PeriodIndicatorsSerializer,
    ),
)
class PeriodViewSet(ApiViewSet):
    serializer_class = serializers.PeriodSerializer
    queryset = ReportingPeriod.objects.none()

    def list(self, request):
        district_read_check(actor=self.actor)
        periods = ReportingPeriod.objects.order_by("directive_id", "start_date", "end_date", "pk")
        directive_id = parse_id(request, "directive")
        if directive_id is not None:
            periods = periods.filter(directive_id=directive_id)
        page = self.paginate_queryset(periods)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _period(self, pk) -> ReportingPeriod:
        district_read_check(actor=self.actor)
        period = ReportingPeriod.objects.select_related("directive").filter(pk=path_id(pk)).order_by().first()
        if period is None:
            raise Http404
        return period

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self._period(pk)).data)

    @action(detail=True, methods=["get"])
    def tally(self, request, pk=None):
        period = self._period(pk)
        as_of = self.as_of()
        breakdown = period_breakdown(period=period, tasks=directive_tasks(directive=period.directive), as_of=as_of)
        data = {
            "period": period,
            "as_of": as_of,
            "total": breakdown.total,
            "by_unit": breakdown.units,
            "by_task": breakdown.by_task,
            "by_kind": breakdown.by_kind,
        }
        return Response(serializers.PeriodTallySerializer(data).data)

    @action(detail=True, methods=["get"])
    def indicators(self, request, pk=None):
        period = self._period(pk)
        data = {"period": period, "indicators": indicator_totals(directive=period.directive, period=period)}
        return Response(serializers.PeriodIndicatorsSerializer(data).data)

    def last_modified(self):
        return _audit_last_modified(ReportingPeriod)


@extend_schema_view(
    list=extend_schema(
        summary=_("Reports and their state"),
        description=_(
            "Every unit × task × period the caller may read (a unit: its own; the office and leadership: all), "
            "with the five-state status computed by the one status rule as of a date."
        ),
        parameters=REPORT_FILTERS,
    ),
    retrieve=extend_schema(
        summary=_("One report"),
        description=_("The report with its texts, indicator values, evidence files and extension requests."),
        parameters=[AS_OF_PARAMETER],
        responses=serializers.ReportDetailSerializer,
    ),
)
class ReportViewSet(ApiViewSet):
    serializer_class = serializers.ReportSerializer
    queryset = ProgressReport.objects.none()

    def _reports(self):
        request, actor = self.request, self.actor
        state = request.query_params.get("state")
        if state is not None and state not in TaskState.values:
            raise exceptions.ValidationError({"state": [_("Choose one of: %s.") % ", ".join(TaskState.values)]})
        filters = {name: parse_id(request, name) for name in ("directive", "period", "unit")}
        if not actor.sees_all_units:
            if actor.unit is None:
                raise Http404
            if filters["unit"] not in (None, actor.unit.pk):
                return ProgressReport.objects.none()
            filters["unit"] = actor.unit.pk
        reports = office_reports(
            directive_id=filters["directive"],
            period_id=filters["period"],
            unit_id=filters["unit"],
            state=state,
            as_of=self.as_of(),
        )
        return reports.order_by(*reports.query.order_by, "pk")  # the official order, then a tie-breaker

    def list(self, request):
        page = self.paginate_queryset(self._reports())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        report = report_get_for_actor(actor=self.actor, report_id=path_id(pk))
        report = (
            reports_with_state(ProgressReport.objects.filter(pk=report.pk), as_of=self.as_of())
            .select_related("assignment__unit", "assignment__task", "period")
            .prefetch_related("indicator_values__indicator", "evidence", "extension_requests")
            .get()
        )
        return Response(serializers.ReportDetailSerializer(report).data)

    def last_modified(self):
        latest = self._reports().order_by().aggregate(latest=Max("updated_at"))["latest"]
        if self.request.query_params.get("as_of"):
            return latest
        # Without as_of the state is today's: it may change at midnight with no row changing.
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        return max(latest, midnight) if latest else midnight


@extend_schema_view(
    list=extend_schema(
        summary=_("Review queue"),
        description=_("Reports waiting for the office's review, oldest submission first (office only)."),
    ),
)
class ReviewQueueViewSet(ApiViewSet):
    serializer_class = serializers.ReportSerializer
    queryset = ProgressReport.objects.none()

    def list(self, request):
        office_read_check(actor=self.actor)
        queue = review_queue()
        page = self.paginate_queryset(queue.order_by(*queue.query.order_by))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary=_("Extension requests waiting"), description=_("Pending extension requests, oldest first (office only).")
    ),
    retrieve=extend_schema(summary=_("One extension request")),
)
class ExtensionViewSet(ApiViewSet):
    serializer_class = serializers.ExtensionSerializer
    queryset = ProgressReport.objects.none()

    def list(self, request):
        office_read_check(actor=self.actor)
        page = self.paginate_queryset(extension_queue())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        extension = extension_get_for_actor(actor=self.actor, extension_id=path_id(pk))
        return Response(self.get_serializer(extension).data)


@extend_schema_view(
    list=extend_schema(
        summary=_("The district's final reports"),
        description=_("The text each district report upward was marked final with, newest first (office and leadership)."),
        parameters=[id_filter("directive", _("Only the reports on this directive."))],
    ),
    retrieve=extend_schema(summary=_("One final district report")),
)
class DistrictReportViewSet(ApiViewSet):
    serializer_class = serializers.DistrictReportFinalSerializer
    queryset = ReportVersion.objects.none()

    def list(self, request):
        district_read_check(actor=self.actor)
        versions = district_report_final_versions(directive_id=parse_id(request, "directive"))
        page = self.paginate_queryset(versions)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        district_read_check(actor=self.actor)
        version = district_report_final_versions().filter(pk=path_id(pk)).first()
        if version is None:
            raise Http404
        return Response(self.get_serializer(version).data)

    def last_modified(self):
        return district_report_final_versions().order_by().aggregate(latest=Max("saved_at"))["latest"]
