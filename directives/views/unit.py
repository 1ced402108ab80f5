"""What unit users see and do: their reports, the report form, evidence, extension requests, history."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units.permissions import actor_for

from ..forms import ExtensionRequestForm, ReportActionForm, ReportForm
from ..history import versions_with_changes
from ..models import AWAITING_REVIEW, IndicatorValue
from ..permissions import can_review_report, evidence_get_for_actor, report_get_for_actor
from ..selectors import report_period_is_current, report_timing, reports_with_state, unit_reports, unit_reports_count
from ..services import (
    evidence_delete,
    extension_request_create,
    extension_request_refusal,
    report_save_draft,
    report_submit,
)
from .service_errors import form_add_service_error, message_service_error

# Five quarters of a directive of six tasks on a phone's screenful of pages; older periods on the next pages.
MY_REPORTS_PAGE_SIZE = 30


@login_required
def my_reports(request):
    """Every period's reports of the user's unit, a page at a time, newest first."""
    actor = actor_for(request.user)
    if actor.unit is None:
        raise Http404
    page = Paginator(range(unit_reports_count(unit_id=actor.unit.pk)), MY_REPORTS_PAGE_SIZE).get_page(request.GET.get("page"))
    reports = unit_reports(unit_id=actor.unit.pk, offset=(page.number - 1) * MY_REPORTS_PAGE_SIZE, limit=MY_REPORTS_PAGE_SIZE)
    return render(request, "directives/my_reports.html", {"reports": reports, "page": page, "query": ""})


def report_page_context(*, actor, report, form=None):
    """What the report page shows (and the review page beside it): the report, its form while editable, its files and requests."""
    today = timezone.localdate()
    # The deadline is a column of the report already read; only the status needs the database.
    report.state, report.owed_by = (
        reports_with_state(type(report).objects.filter(pk=report.pk)).values_list("state", "owed_by").get()
    )
    report.timing = report_timing(report=report, state=report.state, today=today, current=report_period_is_current(report=report))
    can_edit = actor.can_edit_unit(report.assignment.unit_id) and report.is_owed
    # The form and the page show the same values: one query for both.
    prefetch_related_objects([report], Prefetch("indicator_values", queryset=IndicatorValue.objects.select_related("indicator")))
    if can_edit and form is None:
        form = ReportForm(report=report)
    return {
        "report": report,
        "report_owed": report.is_owed,
        "task": report.assignment.task,
        "form": form if can_edit else None,
        "can_submit": can_edit and actor.can_submit_for_unit,
        "can_request_extension": (
            actor.can_edit_unit(report.assignment.unit_id)
            and actor.can_submit_for_unit
            and extension_request_refusal(report=report, today=today) is None
        ),
        "indicator_values": list(report.indicator_values.all()),
        "evidence": list(report.evidence.select_related("uploaded_by")),
        "extensions": list(report.extension_requests.select_related("requested_by", "decided_by")),
        "versions_count": report.revision,
        "evidence_limit": settings.EVIDENCE_MAX_BYTES,
        # The office reviews from its queue; leadership, for the reports only it may review, from here.
        "leadership_may_review": (
            actor.is_leadership
            and not actor.is_office
            and report.status in AWAITING_REVIEW
            and can_review_report(actor=actor, report=report)
        ),
    }


@login_required
def report_detail(request, pk: int):
    """The report page: the form for its unit while editable, read-only for everyone else who may see it."""
    actor = actor_for(request.user)
    report = report_get_for_actor(actor=actor, report_id=pk)
    form = None
    if request.method == "POST":
        if not actor.can_edit_unit(report.assignment.unit_id):
            raise Http404
        action = ReportActionForm(request.POST)
        if not action.is_valid() or (action.submitting and not actor.can_submit_for_unit):
            raise Http404
        submitting = action.submitting
        if not report.is_owed:
            messages.info(request, _("This report has already been submitted; it is waiting for the office."))
            return redirect("directives:report", pk=report.pk)
        form = ReportForm(request.POST, request.FILES, report=report)
        if form.is_valid():
            service = report_submit if submitting else report_save_draft
            try:
                service(report_id=report.pk, user=request.user, content=form.content(), files=form.cleaned_data["evidence"])
            except ValidationError as error:
                if getattr(error, "code", None) == "not_editable":  # a list or dict of field errors has no code
                    messages.info(request, error.messages[0])
                    return redirect("directives:report", pk=report.pk)
                form_add_service_error(form, error)
            else:
                if submitting:
                    messages.success(request, _("Report submitted to the office. It can no longer be changed unless returned."))
                else:
                    messages.success(request, _("Draft saved."))
                return redirect("directives:report", pk=report.pk)
        messages.error(request, _("Nothing was saved: please correct the marked fields. What you typed is kept below."))
    return render(request, "directives/report_detail.html", report_page_context(actor=actor, report=report, form=form))


@require_POST
@login_required
def evidence_remove(request, pk: int):
    """Remove a not-yet-submitted file from an editable report of one's own unit."""
    actor = actor_for(request.user)
    evidence = evidence_get_for_actor(actor=actor, evidence_id=pk)
    if not actor.can_edit_unit(evidence.report.assignment.unit_id):
        raise Http404
    try:
        evidence_delete(evidence_id=evidence.pk, user=request.user)
    except ValidationError as error:
        message_service_error(request, error)
    else:
        messages.success(request, _("File “%(name)s” removed.") % {"name": evidence.original_name})
    return redirect("directives:report", pk=evidence.report_id)


@login_required
def extension_request(request, pk: int):
    """Ask the office for a later deadline (head or deputy of the report's unit)."""
    actor = actor_for(request.user)
    report = report_get_for_actor(actor=actor, report_id=pk)
    if not (actor.can_edit_unit(report.assignment.unit_id) and actor.can_submit_for_unit):
        raise Http404
    form = ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            extension_request_create(
                report_id=report.pk,
                user=request.user,
                requested_date=form.cleaned_data["requested_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Extension request sent to the office."))
            return redirect("directives:report", pk=report.pk)
    context = report_page_context(actor=actor, report=report)
    refusal = extension_request_refusal(report=report, today=timezone.localdate())
    context["extension_form"] = form
    context["extension_refusal"] = refusal.messages[0] if refusal is not None else ""
    return render(request, "directives/extension_request.html", context)


@login_required
def report_history(request, pk: int):
    """Every submitted version: who, when, what changed, and the office's decision on each."""
    actor = actor_for(request.user)
    report = report_get_for_actor(actor=actor, report_id=pk)
    return render(
        request, "directives/report_history.html", {"report": report, "versions": versions_with_changes(report_id=report.pk)}
    )
