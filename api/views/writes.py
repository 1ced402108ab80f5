"""Write endpoints: the same access functions and services as the pages, one service call each.

Access first (``*_get_for_actor``: the same 404 for missing and forbidden), then the service, which
holds every rule and refuses what the caller may not do (PermissionDenied → the same 404) or what
the data does not allow (ValidationError → 400, or 409 when the data moved on). A service's refusal
rolls the whole request back: nothing already saved is lost or half-changed.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from directives.models import Directive, ExtensionRequest, ProgressReport
from directives.permissions import extension_get_for_actor, report_get_for_actor
from directives.selectors import reports_with_state
from directives.services import (
    ReportContent,
    TaskDraft,
    directive_create,
    extension_decide,
    extension_request_create,
    report_accept,
    report_return,
    report_save_draft,
    report_submit,
)
from units.models import Unit

from .. import serializers
from ..audit import api_write
from . import reads
from .base import ApiViewSet, path_id


def _content(report: ProgressReport, data: dict) -> ReportContent:
    """What the unit sent over what is saved: a field left out keeps its saved value."""
    indicators = {indicator.code: indicator for indicator in report.assignment.task.indicators.all()}
    unknown = [code for code in data.get("indicators", {}) if code not in indicators]
    if unknown:
        raise exceptions.ValidationError(
            {"indicators": {code: [_("This task has no indicator with this code.")] for code in unknown}}
        )
    values = {value.indicator_id: value.value for value in report.indicator_values.all()}
    values.update({indicators[code].pk: value for code, value in data.get("indicators", {}).items()})
    return ReportContent(
        results=data.get("results", report.results),
        shortcomings=data.get("shortcomings", report.shortcomings),
        solutions=data.get("solutions", report.solutions),
        indicators=values,
    )


def _report_detail(report_id: int) -> dict:
    report = (
        reports_with_state(ProgressReport.objects.filter(pk=report_id))
        .select_related("assignment__unit", "assignment__task", "period")
        .prefetch_related("indicator_values__indicator", "evidence", "extension_requests")
        .get()
    )
    return serializers.ReportDetailSerializer(report).data


class ReportWorkflowViewSet(ApiViewSet):
    """A unit's report (draft, evidence, submission, extension request) and the office's review of it."""

    queryset = ProgressReport.objects.none()

    def _report(self, pk) -> ProgressReport:
        return report_get_for_actor(actor=self.actor, report_id=path_id(pk))

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(
        summary=gettext_lazy("Save the report as a draft"),
        description=gettext_lazy(
            "Any member of the unit, while the report is a draft or returned. Fields left out keep their saved value."
        ),
        request=serializers.ReportContentSerializer,
        responses=serializers.ReportDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def draft(self, request, pk=None):
        return self._write_content(request, pk, service=report_save_draft, operation="report_save_draft")

    def _write_content(self, request, pk, *, service, operation: str):
        """Save (or submit) what the unit sent over what is saved, through ``service``."""
        report = self._report(pk)
        data = self._input(serializers.ReportContentSerializer)
        with api_write(request, operation=operation, before=report) as write:
            service(report_id=report.pk, user=request.user, content=_content(report, data))
            write.record(target=report, user=request.user)
        return Response(_report_detail(report.pk))

    @extend_schema(
        summary=gettext_lazy("Attach an evidence file"),
        description=gettext_lazy(
            "One file per request, to a draft or returned report of one's unit; checked by content and size."
        ),
        request={"multipart/form-data": serializers.EvidenceUploadSerializer},
        responses={201: serializers.EvidenceSerializer},
    )
    @action(detail=True, methods=["post"], url_path="evidence", parser_classes=[MultiPartParser])
    @transaction.atomic
    def evidence(self, request, pk=None):
        report = self._report(pk)
        upload = self._input(serializers.EvidenceUploadSerializer)["file"]
        before = set(report.evidence.values_list("pk", flat=True))
        with api_write(request, operation="evidence_attach"):
            # Through the draft service, which locks the report and checks who may change it.
            report_save_draft(report_id=report.pk, user=request.user, content=_content(report, {}), files=[upload])
        evidence = report.evidence.exclude(pk__in=before).get()
        return Response(serializers.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Submit the report"),
        description=gettext_lazy(
            "The unit's head or deputy; saves what is sent (fields left out keep their saved value) and submits it "
            "as a new version."
        ),
        request=serializers.ReportContentSerializer,
        responses=serializers.ReportDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def submit(self, request, pk=None):
        return self._write_content(request, pk, service=report_submit, operation="report_submit")

    def _review(self, request, pk, *, service, operation: str):
        report = self._report(pk)
        data = self._input(serializers.ReviewDecisionSerializer)
        with api_write(request, operation=operation, before=report) as write:
            service(report_id=report.pk, user=request.user, revision=data["revision"], comment=data["comment"])
            write.record(target=report, user=request.user)
        return Response(_report_detail(report.pk))

    @extend_schema(
        summary=gettext_lazy("Accept the submitted version"),
        description=gettext_lazy("Office only; name the revision you reviewed."),
        request=serializers.ReviewDecisionSerializer,
        responses=serializers.ReportDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def accept(self, request, pk=None):
        return self._review(request, pk, service=report_accept, operation="report_accept")

    @extend_schema(
        summary=gettext_lazy("Return the submitted version with a comment"),
        description=gettext_lazy("Office only; the comment says what the unit should change."),
        request=serializers.ReviewDecisionSerializer,
        responses=serializers.ReportDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return")
    @transaction.atomic
    def return_to_unit(self, request, pk=None):
        return self._review(request, pk, service=report_return, operation="report_return")

    @extend_schema(
        summary=gettext_lazy("Ask for an extension"),
        description=gettext_lazy("The unit's head or deputy, before the deadline passes; one request waits at a time."),
        request=serializers.ExtensionRequestCreateSerializer,
        responses={201: serializers.ExtensionSerializer},
    )
    @action(detail=True, methods=["post"], url_path="extensions")
    @transaction.atomic
    def extension_request(self, request, pk=None):
        report = self._report(pk)
        data = self._input(serializers.ExtensionRequestCreateSerializer)
        with api_write(request, operation="extension_request_create"):
            extension = extension_request_create(
                report_id=report.pk, user=request.user, requested_date=data["requested_date"], reason=data["reason"]
            )
        return Response(serializers.ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)


class ExtensionDecisionViewSet(ApiViewSet):
    queryset = ExtensionRequest.objects.none()

    @extend_schema(
        summary=gettext_lazy("Decide an extension request"),
        description=gettext_lazy("Office only: approve (with the new date) or refuse (with a reason), once."),
        request=serializers.ExtensionDecisionSerializer,
        responses=serializers.ExtensionSerializer,
    )
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def decision(self, request, pk=None):
        extension = extension_get_for_actor(actor=self.actor, extension_id=path_id(pk))
        serializer = serializers.ExtensionDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with api_write(request, operation="extension_decide", before=extension) as write:
            decided = extension_decide(
                extension_id=extension.pk,
                user=request.user,
                approve=data["approve"],
                new_date=data["new_date"],
                note=data["note"],
            )
            write.record(target=extension, user=request.user)
        return Response(serializers.ExtensionSerializer(decided).data)


class DirectiveViewSet(reads.DirectiveViewSet):
    """The directives' reads, and setting one up (a POST on the same list)."""

    @extend_schema(
        summary=gettext_lazy("Set up a directive"),
        description=gettext_lazy(
            "Office only: the directive, its tasks and recipients (unit codes and/or kinds) and the years to report on; "
            "the periods and every unit's report rows are created as on the set-up page."
        ),
        request=serializers.DirectiveCreateSerializer,
        responses={201: serializers.DirectiveSerializer},
    )
    @transaction.atomic
    def create(self, request):
        serializer = serializers.DirectiveCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        tasks = [TaskDraft(**task) for task in data.pop("tasks")]
        unit_ids = list(Unit.objects.filter(code__in=data.pop("unit_codes")).values_list("pk", flat=True))
        unit_kinds = data.pop("unit_kinds")
        years = range(data.pop("year_from"), data.pop("year_to") + 1)
        with api_write(request, operation="directive_create"):
            directive = directive_create(
                user=request.user, directive=Directive(**data), tasks=tasks, unit_ids=unit_ids, unit_kinds=unit_kinds, years=years
            )
        return Response(serializers.DirectiveSerializer(reads.directives_with_children().get(pk=directive.pk)).data, status=201)
