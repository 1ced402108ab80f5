"""Page URLs for many ids at once (a matrix cell, a line of a reminder): reversed once, then filled in per id."""

from collections.abc import Callable

from django.urls import reverse

_MARKER = 987654321


def id_url_parts(viewname: str, kwarg: str) -> tuple[str, str]:
    """The URL of ``viewname`` around its integer ``kwarg``, as (prefix, suffix)."""
    prefix, suffix = reverse(viewname, kwargs={kwarg: _MARKER}).split(str(_MARKER))
    return prefix, suffix


def id_url_builder(viewname: str, kwarg: str, *, base: str = "") -> Callable[[int], str]:
    """A function id → URL of ``viewname``; ``base`` (the site's address) makes it absolute, for e-mail."""
    prefix, suffix = id_url_parts(viewname, kwarg)
    return lambda pk: f"{base}{prefix}{pk}{suffix}"


def report_url_parts() -> tuple[str, str]:
    """The URL of a report's own page around its id (the unit edits it there; office and leadership read it)."""
    return id_url_parts("directives:report", "pk")


def report_url_builder(*, base: str = "") -> Callable[[int], str]:
    """A function report id → URL of the report's own page."""
    return id_url_builder("directives:report", "pk", base=base)
