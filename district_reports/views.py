"""Pages of the district reports (office and leadership only): list and compose, read, edit, versions, export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dashboard.forms import PeriodForm
from dashboard.selectors import directive_periods, period_choose
from directives.permissions import directive_get_for_actor
from directives.views.service_errors import form_add_service_error
from security.text import text_line
from units.permissions import actor_for

from . import selectors
from .document import report_document
from .exports.docx_export import district_report_docx
from .forms import CommentForm, ComposeForm, HeaderForm, SectionForm
from .models import ReportSection, SectionKind
from .permissions import (
    can_comment,
    can_compose,
    can_edit,
    district_report_get_for_actor,
)
from .services import (
    district_report_comment_add,
    district_report_create,
    district_report_finalise,
    district_report_header_save,
    district_report_section_save,
)
from .windows import window_for_period

TEXTS_PER_PAGE = 20
# Which of the units' texts are offered beside each kind of section.
SOURCE_FIELD = {SectionKind.TASK: "results", SectionKind.SHORTCOMINGS: "shortcomings", SectionKind.AHEAD: "solutions",
                SectionKind.PROPOSALS: "solutions"}  # fmt: skip


def _list_page(request, *, actor, directive, form=None, status=200):
    if form is None and can_compose(actor):
        form = ComposeForm.proposed(request.GET, today=timezone.localdate())
    context = {
        "directive": directive,
        "reports": selectors.reports_of_directive(directive=directive),
        "form": form if can_compose(actor) else None,
    }
    return render(request, "district_reports/report_list.html", context, status=status)


@login_required
@require_GET
def report_list(request, directive_id: int):
    actor = actor_for(request.user)
    directive = directive_get_for_actor(actor=actor, directive_id=directive_id)
    return _list_page(request, actor=actor, directive=directive)


@login_required
@require_POST
def report_create(request, directive_id: int):
    actor = actor_for(request.user)
    directive = directive_get_for_actor(actor=actor, directive_id=directive_id)
    if not can_compose(actor):
        raise Http404
    form = ComposeForm(request.POST)
    if form.is_valid():
        try:
            report = district_report_create(
                directive=directive, window=form.window, report_date=form.cleaned_data["report_date"], user=request.user
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The draft has been composed from the units' reports. Edit it section by section."))
            return redirect("district_reports:detail", pk=report.pk)
    return _list_page(request, actor=actor, directive=directive, form=form)


@login_required
@require_GET
def report_for_period(request, directive_id: int):
    """The dashboard's "Word report": the district report of the chosen period's window (to compose if none yet)."""
    actor = actor_for(request.user)
    directive = directive_get_for_actor(actor=actor, directive_id=directive_id)
    periods = directive_periods(directive=directive)
    form = PeriodForm(request.GET, periods=periods)
    filters = form.cleaned_data if form.is_valid() else {}
    as_of = filters.get("as_of") or timezone.localdate()
    period = period_choose(periods=periods, period_id=filters.get("period"), as_of=as_of)
    if period is None:
        messages.error(request, _("This directive has no reporting period yet, so there is nothing to report."))
        return redirect("district_reports:list", directive_id=directive.pk)
    window = window_for_period(start=period.start_date, end=period.end_date)
    report = selectors.report_for_window(directive=directive, window=window)
    if report is not None:
        return redirect("district_reports:detail", pk=report.pk)
    if can_compose(actor):
        messages.info(request, _("There is no report for %(window)s yet: compose it below.") % {"window": window.phrase})
    else:
        messages.info(request, _("The office has not composed the report for %(window)s yet.") % {"window": window.phrase})
    query = {"window_kind": window.kind, "quarter": window.quarter or "", "year": window.year,
             "report_date": as_of.strftime("%d/%m/%Y")}  # fmt: skip
    return redirect(reverse("district_reports:list", args=[directive.pk]) + "?" + urlencode(query))


@login_required
@require_GET
def report_detail(request, pk: int):
    actor = actor_for(request.user)
    report = district_report_get_for_actor(actor=actor, report_id=pk)
    document = report_document(report=report)
    context = {
        "report": report,
        "document": document,
        "can_edit": can_edit(actor, report),
        "can_comment": can_comment(actor),
        "comment_form": CommentForm() if can_comment(actor) else None,
    }
    return render(request, "district_reports/report_detail.html", context)


@login_required
def report_header(request, pk: int):
    actor = actor_for(request.user)
    report = district_report_get_for_actor(actor=actor, report_id=pk)
    if not can_edit(actor, report):
        raise Http404
    if request.method == "POST":
        form = HeaderForm(request.POST)
        if form.is_valid():
            try:
                district_report_header_save(report_id=report.pk, user=request.user, data=form.header_data())
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The header has been saved."))
                return redirect("district_reports:detail", pk=report.pk)
    else:
        form = HeaderForm(initial={name: getattr(report, name) for name in HeaderForm.base_fields})
    return render(request, "district_reports/report_header.html", {"report": report, "form": form})


def _section_get(report, position: int) -> ReportSection:
    return get_object_or_404(ReportSection.objects.select_related("task"), report=report, position=position)


@login_required
def report_section(request, pk: int, position: int):
    actor = actor_for(request.user)
    report = district_report_get_for_actor(actor=actor, report_id=pk)
    if not can_edit(actor, report):
        raise Http404
    section = _section_get(report, position)
    if request.method == "POST":
        form = SectionForm(request.POST)
        if form.is_valid():
            try:
                district_report_section_save(
                    report_id=report.pk,
                    position=position,
                    user=request.user,
                    text=form.cleaned_data["text"],
                    revision=form.cleaned_data["revision"],
                )
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The section has been saved as a new version."))
                return redirect(reverse("district_reports:detail", args=[report.pk]) + f"#section-{position}")
    else:
        form = SectionForm(initial={"text": section.text, "revision": section.revision})
    document = report_document(report=report)
    part = next(part for part in document.sections if part.position == position) if section.kind != SectionKind.OPENING else None
    field = SOURCE_FIELD.get(section.kind)
    texts_page = None
    if field:
        number = request.GET.get("page", "1")
        count, texts = selectors.accepted_texts(
            directive=report.directive,
            window=report.window,
            as_of=report.report_date,
            field=field,
            task_id=section.task_id,
            page=int(number) if number.isascii() and number.isdigit() else 1,
            per_page=TEXTS_PER_PAGE,
        )
        page = Paginator(range(count), TEXTS_PER_PAGE).get_page(number)
        texts_page = {"page": page, "texts": texts, "count": count, "field": field}
    context = {"report": report, "section": section, "part": part, "form": form, "texts": texts_page}
    return render(request, "district_reports/report_section.html", context)


@login_required
@require_POST
def report_comment(request, pk: int, position: int):
    actor = actor_for(request.user)
    report = district_report_get_for_actor(actor=actor, report_id=pk)
    if not can_comment(actor):
        raise Http404
    section = _section_get(report, position)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            district_report_comment_add(
                report_id=report.pk, position=section.position, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Your comment has been added to the section."))
    else:
        messages.error(request, _("Write the comment first."))
    return redirect(reverse("district_reports:detail", args=[report.pk]) + f"#section-{position}")


@login_required
@require_POST
def report_finalise(request, pk: int):
    actor = actor_for(request.user)
    report = district_report_get_for_actor(actor=actor, report_id=pk)
    if not can_edit(actor, report):
        raise Http404
    try:
        district_report_finalise(report_id=report.pk, user=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The report is final: its text and figures can no longer change."))
    return redirect("district_reports:detail", pk=report.pk)


@login_required
@require_GET
def report_versions(request, pk: int):
    actor = actor_for(request.user)
    report = district_report_get_for_actor(actor=actor, report_id=pk)
    return render(
        request, "district_reports/report_versions.html", {"report": report, "versions": selectors.report_versions(report=report)}
    )


@login_required
@require_GET
def report_version(request, pk: int, number: int):
    actor = actor_for(request.user)
    report = district_report_get_for_actor(actor=actor, report_id=pk)
    version = get_object_or_404(report.versions.select_related("saved_by"), number=number)
    return render(request, "district_reports/report_version.html", {"report": report, "version": version})


@login_required
@require_GET
def report_docx(request, pk: int):
    actor = actor_for(request.user)
    report = district_report_get_for_actor(actor=actor, report_id=pk)
    handle = district_report_docx(report=report)
    filename = f"BC_{report.directive.number.replace('/', '-')}_{report.window.label.replace(' ', '-')}.docx"
    return FileResponse(
        handle,
        as_attachment=True,
        filename=text_line(filename),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
