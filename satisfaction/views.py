"""Satisfaction pages: the office's overview and import, a unit's poster, and the public survey."""

import io
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from units.permissions import actor_for

from . import selectors
from .forms import ImportUploadForm, OverviewFilterForm, ResponseHiddenForm, SurveyForm
from .importing import Grid, ImportFileError, grid_check, template_build, workbook_read
from .permissions import poster_unit_get_for_actor, satisfaction_check_access, survey_response_get_for_actor
from .posters import qr_svg, survey_url
from .ratelimit import survey_rate_limit_exceeded
from .services import ImportRefused, measurements_import, survey_response_set_hidden, survey_response_submit

SESSION_KEY = "satisfaction_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def overview(request):
    actor = actor_for(request.user)
    satisfaction_check_access(actor=actor)
    filters = OverviewFilterForm(request.GET).filters()
    context = selectors.overview_for_actor(actor=actor, year=filters.get("year"), quarter=filters.get("quarter"))
    return render(request, "satisfaction/overview.html", context)


@login_required
def import_template(request):
    satisfaction_check_access(actor=actor_for(request.user), manage=True)
    return FileResponse(io.BytesIO(template_build()), as_attachment=True, filename="mau-nhap-SIPAS.xlsx", content_type=XLSX)


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request):
    satisfaction_check_access(actor=actor_for(request.user), manage=True)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            grid = workbook_read(upload=upload)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            # Keep the read cells (not the file) in the session until the office confirms.
            request.session[SESSION_KEY] = {"token": uuid.uuid4().hex, "filename": upload.name[:200], "grid": grid.to_json()}
            return redirect("satisfaction:import_preview")
    return render(request, "satisfaction/import_start.html", {"form": form})


@login_required
def import_preview(request):
    satisfaction_check_access(actor=actor_for(request.user), manage=True)
    staged = request.session.get(SESSION_KEY)
    if not staged:
        messages.info(request, _("Upload a filled template first."))
        return redirect("satisfaction:import_start")
    checked = grid_check(Grid.from_json(staged["grid"]))
    context = {"staged": staged, "checked": checked, "replaced": selectors.measurement_keys_existing(checked.measurements)}
    return render(request, "satisfaction/import_preview.html", context)


@login_required
@require_POST
def import_confirm(request):
    satisfaction_check_access(actor=actor_for(request.user), manage=True)
    staged = request.session.get(SESSION_KEY)
    if not staged or request.POST.get("token") != staged["token"]:
        messages.error(request, _("This preview is no longer current. Upload the file again."))
        return redirect("satisfaction:import_start")
    try:
        result = measurements_import(grid=Grid.from_json(staged["grid"]))
    except ImportRefused:
        messages.error(request, _("Nothing was imported: the file has problems. Correct them and upload it again."))
        return redirect("satisfaction:import_preview")
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("Imported: %(created)s new measurement(s), %(replaced)s replaced.")
        % {"created": result.created, "replaced": result.replaced},
    )
    return redirect("satisfaction:overview")


@login_required
def poster(request, code: str):
    unit = poster_unit_get_for_actor(actor=actor_for(request.user), code=code)
    url = survey_url(unit=unit)
    context = {"unit": unit, "survey_url": url, "qr": qr_svg(url=url, title=_("Survey of %(unit)s") % {"unit": unit.short_name})}
    return render(request, "satisfaction/poster.html", context)


@login_required
@require_POST
def response_hide(request, pk: int):
    actor = actor_for(request.user)
    response = survey_response_get_for_actor(actor=actor, pk=pk)
    form = ResponseHiddenForm(request.POST)
    hidden = form.is_valid() and form.cleaned_data["hidden"]
    survey_response_set_hidden(response=response, hidden=hidden, by=request.user)
    messages.success(request, _("The response is hidden from the figures.") if hidden else _("The response counts again."))
    return HttpResponseRedirect(reverse("satisfaction:overview") + "#responses")


@require_http_methods(["GET", "POST"])
def survey(request, code: str):
    """The public, no-login survey of one unit (linked from the QR code on its poster)."""
    unit = selectors.survey_unit_get(code=code)
    if unit is None:
        return render(request, "satisfaction/survey_unknown.html", status=404)
    elements = selectors.sipas_elements()
    form = SurveyForm(request.POST or None, elements=elements)
    status = 200
    if request.method == "POST":
        if survey_rate_limit_exceeded(request):
            # What the citizen chose stays on screen; they can send it a little later.
            form.add_error(None, _("Too many answers have been sent from this connection. Please try again in a few minutes."))
            status = 429
        elif form.is_bot:
            return redirect("satisfaction:survey_thanks", code=unit.code)
        elif form.is_valid():
            survey_response_submit(unit=unit, scores=form.scores(), comment=form.cleaned_data["comment"])
            return redirect("satisfaction:survey_thanks", code=unit.code)
    return render(request, "satisfaction/survey.html", {"unit": unit, "form": form}, status=status)


def survey_thanks(request, code: str):
    unit = selectors.survey_unit_get(code=code)
    if unit is None:
        return render(request, "satisfaction/survey_unknown.html", status=404)
    return render(request, "satisfaction/survey_thanks.html", {"unit": unit})
