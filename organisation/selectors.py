"""Read the organisation that runs the tracker: every page, e-mail and export names it.

It is kept in memory by each process for a minute, so that pages pay no query for it: a change
saved through ``services.organisation_save`` applies at once in the process that saved it, and in
the others (other web workers, the Celery worker) within ``MEMO_SECONDS``.
"""

import time

from .models import Organisation
from .seeding import organisation_seed_values

MEMO_SECONDS = 60
_memo: tuple[Organisation, float] | None = None


def organisation_current() -> Organisation:
    """The organisation (no query while remembered); the seeded one, unsaved, if the row is missing."""
    global _memo
    if _memo is not None and time.monotonic() - _memo[1] < MEMO_SECONDS:
        return _memo[0]
    organisation = Organisation.objects.order_by("pk").first() or Organisation(**organisation_seed_values())
    _memo = (organisation, time.monotonic())
    return organisation


def organisation_remember(organisation: Organisation | None) -> None:
    """Replace what this process remembers (None: read the database again next time)."""
    global _memo
    _memo = None if organisation is None else (organisation, time.monotonic())


def organisation_mail_sender() -> str | None:
    """The From of the tracker's e-mails: the organisation's sender, or None for the server's DEFAULT_FROM_EMAIL."""
    return organisation_current().mail_sender or None
