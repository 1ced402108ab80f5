"""The calendar address itself (polled by calendar apps, which cannot sign in: the secret in the
address is the key) and the page where a person creates, renews or stops it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from organisation.selectors import organisation_current
from units.permissions import actor_for

from .forms import FeedAction, FeedActionForm
from .ical import calendar_build
from .selectors import calendar_events, feed_exists, feed_user_for_secret
from .services import calendar_feed_issue, calendar_feed_revoke


@require_GET
def feed(request, secret: str):
    """The person's deadlines as iCalendar; an unknown, renewed or stopped address is 404."""
    user = feed_user_for_secret(secret=secret)
    if user is None:
        raise Http404
    body = calendar_build(
        events=calendar_events(actor=actor_for(user)), name=_("%(name)s deadlines") % {"name": organisation_current().short_name}
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="cchc-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@login_required
def feed_settings(request):
    """Create or renew the person's calendar address (shown once), or stop it."""
    address = None
    if request.method == "POST":
        form = FeedActionForm(request.POST)
        if not form.is_valid():
            raise Http404
        if form.cleaned_data["action"] == FeedAction.REVOKE:
            calendar_feed_revoke(user=request.user)
            messages.success(request, _("Calendar address stopped: calendars that use it no longer receive deadlines."))
            return redirect("calendars:feed_settings")
        secret = calendar_feed_issue(user=request.user)
        address = settings.SITE_URL + reverse("calendars:feed", args=[secret])
    return render(
        request,
        "calendars/feed_settings.html",
        {"address": address, "has_feed": address is not None or feed_exists(user=request.user)},
    )
