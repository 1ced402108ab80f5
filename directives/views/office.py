"""What the office (and, read-only, the leadership) does: review queue, review, extension decisions,
browse every report, follow a directive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from units.models import Unit
from units.permissions import district_reader_get, office_actor_get

from ..forms import ExtensionDecision, ExtensionDecisionForm, ReportListFilterForm, ReviewDecision, ReviewForm
from ..models import AWAITING_REVIEW, Directive, ExtensionStatus
from ..permissions import (
    directive_get_for_actor,
    extension_get_for_decision,
    report_get_for_review,
)
from ..selectors import (
    TASK_STATE_ORDER,
    extension_queue,
    office_report_pages,
    period_state_counts,
    report_previous,
    review_backlog,
    review_queue,
    with_waiting_days,
)
from ..services import extension_decide, report_accept, report_return
from .service_errors import form_add_service_error, message_service_error
from .unit import report_page_context

# Near a deadline a hundred reports or more can wait; the office reviews the oldest first, a page at a time.
REVIEW_PAGE_SIZE = 30


@login_required
def review_queue_view(request):
    """Reports waiting for review (a page at a time) and extension requests waiting for a decision, oldest first."""
    office_actor_get(user=request.user)
    page = Paginator(review_queue(), REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_waiting_days(page.object_list)
    return render(
        request,
        "directives/review_queue.html",
        {"page": page, "extensions": list(extension_queue()), "backlog": review_backlog()},
    )


@login_required
def review(request, pk: int):
    """One report beside the same unit's previous report on the task; accept, or return with a comment."""
    actor = district_reader_get(user=request.user)
    report, may_decide = report_get_for_review(actor=actor, report_id=pk, deciding=request.method == "POST")
    form = ReviewForm(request.POST or None, initial={"revision": report.revision})
    if request.method == "POST" and form.is_valid():
        arguments = {"report_id": report.pk, "user": request.user, "revision": form.cleaned_data["revision"]}
        try:
            if form.cleaned_data["decision"] == ReviewDecision.ACCEPT:
                report_accept(**arguments, comment=form.cleaned_data["comment"])
                messages.success(request, _("Report accepted; the unit has been notified."))
            else:
                report_return(**arguments, comment=form.cleaned_data["comment"])
                messages.success(request, _("Report returned to the unit with your comment."))
        except ValidationError as error:
            if getattr(error, "code", None) == "conflict":
                message_service_error(request, error)
                return redirect("directives:review", pk=report.pk)
            form_add_service_error(form, error)
        else:
            return redirect("directives:review_queue")
    context = report_page_context(actor=actor, report=report)
    previous = report_previous(report=report)
    context.update(
        {
            "review_form": form,
            "awaiting_review": report.status in AWAITING_REVIEW,
            "may_decide": may_decide,
            "previous": previous,
            "previous_values": list(previous.indicator_values.all()) if previous else [],
            "previous_evidence": list(previous.evidence.all()) if previous else [],
        }
    )
    return render(request, "directives/review.html", context)


@login_required
def extension_decision(request, pk: int):
    """Approve (with the date) or refuse (with a reason) one extension request."""
    actor = district_reader_get(user=request.user)
    extension, may_decide = extension_get_for_decision(actor=actor, extension_id=pk, deciding=request.method == "POST")
    form = ExtensionDecisionForm(request.POST or None, initial={"new_date": extension.requested_date})
    if request.method == "POST" and form.is_valid():
        try:
            extension_decide(
                extension_id=extension.pk,
                user=request.user,
                approve=form.cleaned_data["decision"] == ExtensionDecision.APPROVE,
                new_date=form.cleaned_data["new_date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "conflict":
                message_service_error(request, error)
                return redirect("directives:review_queue")
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Decision recorded; the unit has been notified."))
            return redirect("directives:review_queue")
    return render(
        request,
        "directives/extension_decision.html",
        {"extension": extension, "form": form, "pending": extension.status == ExtensionStatus.PENDING, "may_decide": may_decide},
    )


@login_required
def report_list(request):
    """Every report, filtered by directive, period, unit and state (office and leadership, read-only)."""
    district_reader_get(user=request.user)
    selected = ReportListFilterForm(request.GET).filters()
    reports = office_report_pages(
        directive_id=selected["directive"], period_id=selected["period"], unit_id=selected["unit"], state=selected["state"]
    )
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    directives = list(Directive.objects.prefetch_related("periods"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directives/report_list.html",
        {
            "page": page,
            "directives": directives,
            "units": list(Unit.objects.filter(is_active=True).in_official_order().values_list("pk", "short_name")),
            "states": TASK_STATE_ORDER,
            "selected": selected,
            "query": query.urlencode(),
        },
    )


@login_required
def directive_detail(request, pk: int):
    """A directive's tasks and periods with the five-state counts of each period (office and leadership)."""
    actor = district_reader_get(user=request.user)
    directive = directive_get_for_actor(actor=actor, directive_id=pk)
    counts = period_state_counts(directive_id=directive.pk)
    return render(
        request,
        "directives/directive_detail.html",
        {
            "directive": directive,
            "tasks": list(directive.tasks.prefetch_related("indicators")),
            "periods": [
                (period, [(state, counts.get(period.pk, {}).get(state, 0)) for state in TASK_STATE_ORDER])
                for period in directive.periods.all()
            ],
            "assigned_units": Unit.objects.filter(assignments__task__directive=directive).distinct().count(),
        },
    )
