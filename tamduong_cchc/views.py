"""The home page: each role lands on what it works with."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dashboard.selectors import home_overview
from directives.models import Directive, DirectiveStatus
from directives.selectors import TASK_STATE_COLOURS, unit_home_reports
from units.permissions import actor_for


@login_required
def home(request):
    actor = actor_for(request.user)
    directives = list(Directive.objects.filter(status=DirectiveStatus.ACTIVE))
    context = {"directives": directives, "state_colours": TASK_STATE_COLOURS}
    if actor.sees_all_units:
        # Office lands next to its dashboard, leadership next to the summary (dashboard app).
        context["overview"] = home_overview(directives=directives)
        template = "home/office.html" if actor.is_office else "home/leadership.html"
    elif actor.unit is not None:
        # The unit's work page: current-period reports, returned ones first (directives.selectors).
        context["unit_rows"] = unit_home_reports(unit_id=actor.unit.pk)
        template = "home/unit.html"
    else:
        template = "home/no_role.html"
    return render(request, template, context)
