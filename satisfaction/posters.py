"""The public survey address of a unit and its QR code, generated offline with segno."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from units.models import Unit


def survey_url(*, unit: Unit) -> str:
    """The absolute address printed on the poster: SITE_URL + the unit's public survey page."""
    return settings.SITE_URL + reverse("satisfaction:survey", kwargs={"code": unit.code})


def qr_svg(*, url: str, title: str) -> str:
    """An inline SVG QR code of ``url`` (no size attributes, no style: it scales with its container)."""
    return segno.make(url, error="m").svg_inline(scale=4, omitsize=True, title=escape(title), dark="#000", light="#fff")
