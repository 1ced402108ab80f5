"""Who may read, compose, edit and comment on the district's reports to the province.

The office composes and edits drafts; the district leadership reads drafts and final reports and
comments on sections; nobody changes a final report. Everyone else (unit users, users without a
role) gets 404 for every page here, the answer for what does not exist (see units/permissions.py).
"""

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from directives.models import Directive
from units.permissions import Actor, actor_for

from .models import DistrictReport


def district_actor_get(*, user: AbstractBaseUser) -> Actor:
    """The user's actor if they may read district reports (office, leadership); else Http404."""
    actor = actor_for(user)
    if not actor.sees_all_units:
        raise Http404
    return actor


def directive_get_for_district_reports(*, user: AbstractBaseUser, directive_id: int) -> tuple[Actor, Directive]:
    """The reader and the directive; Http404 for a missing directive and a forbidden reader alike."""
    actor = district_actor_get(user=user)
    return actor, get_object_or_404(Directive, pk=directive_id)


def district_report_get_for_actor(*, user: AbstractBaseUser, report_id: int) -> tuple[Actor, DistrictReport]:
    """The reader and the report; Http404 for a missing report and a forbidden reader alike."""
    actor = district_actor_get(user=user)
    return actor, get_object_or_404(DistrictReport.objects.select_related("directive"), pk=report_id)


def can_compose(actor: Actor) -> bool:
    return actor.is_office


def can_edit(actor: Actor, report: DistrictReport) -> bool:
    """The office edits a draft; a final report is frozen."""
    return actor.is_office and not report.is_final


def can_comment(actor: Actor) -> bool:
    """The chairman and vice-chairmen comment on sections, of a draft or of a final report."""
    return actor.is_leadership
