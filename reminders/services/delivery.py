"""Delivering a batch of claimed messages: their in-app copies first, then the e-mails one by one over one connection.

The in-app copy is created exactly once, when a batch first takes the message up. The e-mail goes
out exactly once, except the single message a worker was sending when it died: that one is sent
again after the lease (see ``recovery``), with the same Message-ID, so it may reach the server
twice if the first attempt got through.
"""

import logging
import smtplib
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from email.message import Message
from email.utils import formatdate, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import forbid_multi_line_headers
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import punycode

from notifications.services import notification_create_each
from organisation.selectors import organisation_mail_sender
from security.text import text_clean, text_line

from ..composition import Composed, compose_items_message
from ..models import DELIVERABLE, ReminderKind, ReminderLog, ReminderStatus
from ..selectors import message_items

logger = logging.getLogger(__name__)

# Errors worth a retry: the mail server refused, was unreachable or timed out.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)
# Retries of a delivery task after its first try; a message is attempted at most MAX_RETRIES + 1 times.
MAX_RETRIES = 5
TEXT_FIELDS = ("subject", "body_text", "body_html")
# The headers of one recipient's e-mail; every other header is its content's.
OWN_HEADERS = ("To", "Date", "Message-ID")


@dataclass
class DeliveryResult:
    sent: int = 0
    in_app: int = 0
    failed: int = 0
    retrying: list[int] = field(default_factory=list)
    last_error: Exception | None = None


def _compose_missing(logs: list[ReminderLog]) -> set[int]:
    """Render the logs claimed without a text (all but the digest), from their recorded items; return their ids.

    Messages with the same content (the members of one unit, the district's recipients of one
    escalation) are rendered once and share the text.
    """
    missing = [log for log in logs if not log.subject]
    if not missing:
        return set()
    items_by_log = message_items(log_ids=[log.pk for log in missing])
    rendered: dict[tuple, Composed] = {}
    for log in missing:
        items = items_by_log[log.pk]
        # message_items gives the messages that list the same items one list, so its identity stands for the items.
        content = (log.kind, log.unit_id, log.urge_id, id(items))
        composed = rendered.get(content)
        if composed is None:
            composed = rendered[content] = compose_items_message(log=log, items=items)
        log.subject, log.body_text, log.body_html = composed.subject[:300], composed.text, composed.html
    return {log.pk for log in missing}


def _notification_path(kind: str) -> str:
    """Units open their report list; office and leadership the unit's reminder page or the overview."""
    if kind in (ReminderKind.REMINDER, ReminderKind.URGE):
        return reverse("directives:my_reports")
    if kind == ReminderKind.DIGEST:
        return reverse("reminders:overview")
    return reverse("home")


def reminder_message_id(log: ReminderLog) -> str:
    """The Message-ID of a log row's e-mail: the same on every attempt, so a resent copy can be recognised."""
    # The claim token (random, written with the row) keeps ids unique even if row numbers are reused, e.g. after a
    # database is restored from an older backup.
    domain = parseaddr(organisation_mail_sender() or settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<reminder-{log.pk}.{log.claim_token}@{punycode(domain)}>"


def _needs_notification(log: ReminderLog) -> bool:
    return bool(log.user_id) and log.notified_at is None


def _notify(logs: list[ReminderLog]) -> None:
    """The in-app copies of these messages, in one insert."""
    paths = {kind: _notification_path(kind) for kind in {log.kind for log in logs}}
    notification_create_each(
        notices=[
            (log.user, log.subject.removeprefix(settings.EMAIL_SUBJECT_PREFIX), log.body_text, paths[log.kind]) for log in logs
        ]
    )


def _take_up(logs: list[ReminderLog], *, composed: set[int]) -> tuple[list[ReminderLog], int]:
    """Record the messages without an e-mail address and create every in-app copy not yet created, in one
    transaction; return the messages left to e-mail and how many were in-app only.

    The rows still queued are locked first, so of two workers given the same batch only one creates
    a row's in-app copy; a row another worker is sending, or has finished, is left alone. The texts
    rendered by this attempt are stored here for the in-app-only messages, and with the claim
    (``_claim``) for the others.
    """
    now = timezone.now()
    with transaction.atomic():
        notified = dict(
            ReminderLog.objects.select_for_update()
            .filter(pk__in=[log.pk for log in logs], status__in=DELIVERABLE)
            .order_by("pk")
            .values_list("pk", "notified_at")
        )
        logs = [log for log in logs if log.pk in notified]
        for log in logs:
            log.notified_at = notified[log.pk]
        bell = [log for log in logs if _needs_notification(log)]
        ReminderLog.objects.filter(pk__in=[log.pk for log in bell]).update(notified_at=now)
        # Nothing is sent for a message without an address, so it goes from queued to done at once, never "sending".
        in_app = [log for log in logs if not log.email]
        ReminderLog.objects.filter(pk__in=[log.pk for log in in_app]).update(
            status=ReminderStatus.IN_APP, attempts=F("attempts") + 1, error="", sent_at=now
        )
        ReminderLog.objects.bulk_update([log for log in in_app if log.pk in composed], TEXT_FIELDS)
        _notify(bell)
    for log in bell:
        log.notified_at = now
    return [log for log in logs if log.email], len(in_app)


def _texts(log: ReminderLog) -> tuple[str, str, str]:
    return log.subject, log.body_text, log.body_html


def _claim(log: ReminderLog, *, with_text: bool) -> bool:
    """Move one row from queued to sending and start its lease; False if another worker has it or it is done.

    ``with_text``: the text was rendered by this attempt and is stored with the claim (no query of its own).
    """
    since = timezone.now()
    changes = {"status": ReminderStatus.SENDING, "sending_since": since}
    if with_text:
        changes.update(zip(TEXT_FIELDS, _texts(log), strict=True))
    if not _row_update(log.pk, where={"status": DELIVERABLE}, changes=changes, count_attempt=True):
        return False
    log.sending_since = since  # _finish records the outcome only while the row still carries it
    return True


def _finish(log: ReminderLog, *, status: str, error: str = "") -> bool:
    """Record the outcome of one attempt; False if the row was taken over meanwhile.

    Only the attempt that still holds the row records it: if the lease ran out and the row was
    handed to another worker (``sending_since`` changed), that worker records its own outcome.
    """
    changes = {"status": status, "error": error[:2000]}
    if status == ReminderStatus.SENT:
        changes["sent_at"] = timezone.now()
    where = {"status": ReminderStatus.SENDING, "sending_since": log.sending_since}
    held = _row_update(log.pk, where=where, changes=changes)
    if not held:
        logger.warning("reminder %s was taken over after its lease ran out; %s not recorded by this attempt", log.pk, status)
    return held


def _row_update(pk: int, *, where: dict, changes: dict, count_attempt: bool = False) -> bool:
    """UPDATE one log row if it still has the values ``where`` gives (a tuple: one of them); True if it had.

    Written out rather than through the ORM: an e-mail costs two of these statements (claim and
    outcome), and the ORM spent longer building each one than the database spent running it.
    """
    quote, field = connection.ops.quote_name, ReminderLog._meta.get_field
    assignments = [f"{quote(field(name).column)} = %s" for name in changes]
    params = [field(name).get_db_prep_save(value, connection) for name, value in changes.items()]
    if count_attempt:
        attempts = quote(field("attempts").column)
        assignments.append(f"{attempts} = {attempts} + 1")
    conditions = [f"{quote(ReminderLog._meta.pk.column)} = %s"]
    params.append(pk)
    for name, value in where.items():
        values = value if isinstance(value, tuple) else (value,)
        conditions.append(f"{quote(field(name).column)} IN ({', '.join(['%s'] * len(values))})")
        params += [field(name).get_db_prep_value(one, connection) for one in values]
    # Only the model's own table and column names are written into the statement; every value is a parameter.
    sql = f"UPDATE {quote(ReminderLog._meta.db_table)} SET {', '.join(assignments)} WHERE {' AND '.join(conditions)}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


class _Email(EmailMultiAlternatives):
    """A reminder e-mail whose MIME body is built and serialised once for every recipient of the same content.

    The recipients of one content (a unit's members, the district's recipients of an escalation)
    differ only in the To, Date and Message-ID headers, so the body (both parts, under a boundary
    drawn once per content) is serialised once and each message is its own headers over it: byte
    for byte what ``EmailMultiAlternatives`` builds with that boundary. The boundary is random, so
    it cannot occur in the text; without one, the e-mail library draws its own and searches the
    whole message for it with a regular expression compiled per message.
    """

    def __init__(self, *args, bodies: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = bodies  # (subject, text, html) → _Body

    def message(self):
        content = (self.subject, self.body, self.alternatives[0][0])
        body = self.bodies.get(content)
        if body is None:
            whole = super().message()
            whole.set_boundary(f"=={uuid.uuid4().hex}==")
            body = self.bodies[content] = _Body(whole)
        encoding = self.encoding or settings.DEFAULT_CHARSET
        # The values EmailMessage.message() gives the recipient's own headers.
        to = ", ".join(str(address) for address in self.to)
        own_values = (to, formatdate(localtime=settings.EMAIL_USE_LOCALTIME), self.extra_headers["Message-ID"])
        own = dict(zip(OWN_HEADERS, own_values, strict=True))
        message = _OwnHeaders(body)
        for name, value in body.whole.raw_items():
            message[name] = forbid_multi_line_headers(name, own[name], encoding)[1] if name in own else value
        return message


class _Body:
    """The serialised message of one content, per line separator: its folded headers, one by one, and its body."""

    def __init__(self, whole: Message):
        self.whole = whole
        self.serialised: dict[str, tuple[list[bytes], bytes]] = {}

    def parts(self, *, linesep: str) -> tuple[list[bytes], bytes]:
        parts = self.serialised.get(linesep)
        if parts is None:
            parts = self.serialised[linesep] = _split(self.whole.as_bytes(linesep=linesep), linesep=linesep.encode())
        return parts


def _split(data: bytes, *, linesep: bytes) -> tuple[list[bytes], bytes]:
    """A serialised message as its headers, each as folded (a folded line goes on with a space or a tab), and its body."""
    # A header block ends at the first blank line and folding never writes one, so the body starts after it.
    end = data.index(linesep + linesep) + len(linesep)
    headers: list[bytes] = []
    for line in data[:end].split(linesep)[:-1]:
        if line[:1] in (b" ", b"\t"):
            headers[-1] += line + linesep
        else:
            headers.append(line + linesep)
    return headers, data[end + len(linesep) :]


class _OwnHeaders(Message):
    """One recipient's headers over the body of its content (``as_bytes`` as Django's SafeMIMEMultipart has it).

    Only the recipient's own headers are folded for it; the others are the content's, as folded once.
    """

    def __init__(self, body: _Body):
        super().__init__(policy=body.whole.policy)
        self.body = body

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        shared, body = self.body.parts(linesep=linesep)
        policy = self.policy.clone(linesep=linesep)
        headers = [
            policy.fold_binary(name, value) if name in OWN_HEADERS else folded
            for (name, value), folded in zip(self.raw_items(), shared, strict=True)
        ]
        return b"".join(headers) + linesep.encode() + body


class _Mailer:
    """The batch's SMTP connection, opened for its first message and again after a message that failed.

    A connection that failed during a message is in an unknown state (a server that hung up, a
    transaction half done), so it is closed and the next message opens a new one. Once the server
    cannot be reached, the remaining messages fail at once with that error instead of each waiting
    for it again. Recipients of the same content share the cleaned text.
    """

    def __init__(self, connection):
        self.connection = connection
        self.opened = False
        self.down: Exception | None = None
        self.sender = organisation_mail_sender()
        self.texts: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self.bodies: dict = {}

    def send(self, log: ReminderLog) -> None:
        if self.down:
            raise self.down
        if not self.opened:
            try:
                self.connection.open()
            except TRANSIENT_ERRORS as exc:
                self.down = exc
                raise
            self.opened = True
        content = _texts(log)
        cleaned = self.texts.get(content)
        if cleaned is None:
            cleaned = self.texts[content] = (text_line(log.subject), text_clean(log.body_text), text_clean(log.body_html))
        subject, text, html = cleaned
        message = _Email(
            subject,
            text,
            self.sender,
            [log.email],
            connection=self.connection,
            headers={"Message-ID": reminder_message_id(log)},
            bodies=self.bodies,
        )
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self.opened:
            self.opened = False
            with suppress(TRANSIENT_ERRORS):  # the server may be gone already; nothing is left to close then
                self.connection.close()


def reminders_deliver(*, log_ids: list[int], final_attempt: bool, connection=None) -> DeliveryResult:
    """Send the messages among ``log_ids`` that are still queued; safe to run twice, or on two workers."""
    # The batch is first taken up in one transaction (``_take_up``): messages without an e-mail address are recorded
    # and every in-app copy not yet created is created. Then each e-mail is claimed (queued → sending, one conditional
    # UPDATE, which also stores the text rendered here) just before it is sent and recorded just after, so a worker that
    # dies mid-batch leaves the rest of the batch queued for the redelivered task, and at most the one message it was
    # sending in "sending"; that one is sent again once its lease runs out (``reminders_recover_abandoned_sending``),
    # with the same Message-ID. A transient SMTP error leaves the row "failed, will retry" (or "failed" on the final
    # attempt) with the error text; the caller retries with back-off. Messages of the same content are rendered once,
    # and the batch shares one SMTP connection (``_Mailer``).
    result = DeliveryResult()
    logs = list(
        ReminderLog.objects.filter(pk__in=log_ids, status__in=DELIVERABLE)
        .select_related("user", "unit", "urge__urged_by")
        .order_by("pk")
    )
    if not logs:
        return result
    composed = _compose_missing(logs)
    outbox, result.in_app = _take_up(logs, composed=composed)
    if not outbox:
        return result
    own_connection = connection is None
    mailer = _Mailer(connection or get_connection())
    try:
        for log in outbox:
            if not _claim(log, with_text=log.pk in composed):
                continue
            try:
                mailer.send(log)
            except TRANSIENT_ERRORS as exc:
                result.last_error = exc
                _record_failure(log, exc, final_attempt, result)
            except Exception as exc:  # a message that can never be built or sent is failed at once, never dropped
                logger.exception("reminder %s cannot be sent", log.pk)
                _record_failure(log, exc, True, result)
            else:
                _finish(log, status=ReminderStatus.SENT)
                result.sent += 1
    finally:
        if own_connection:
            mailer.close()
    return result


def _record_failure(log: ReminderLog, exc: Exception, final: bool, result: DeliveryResult) -> None:
    status = ReminderStatus.FAILED if final else ReminderStatus.RETRYING
    if not _finish(log, status=status, error=f"{type(exc).__name__}: {exc}"):
        return  # another worker holds the row now and records its own outcome
    if final:
        result.failed += 1
        logger.warning("reminder %s to %s failed for good: %s", log.pk, log.email, exc)
    else:
        result.retrying.append(log.pk)
