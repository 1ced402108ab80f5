"""Kill the Celery worker in the middle of a reminder sweep, start a new one, and count the e-mails.

What it does, against the real parts (PostgreSQL + Redis + a real SMTP server):
  1. a fresh PostgreSQL database from a seeded template (seed_cv345 + seed_demo, made once); in it,
     the beat row "reminders.recover_abandoned" runs every --recovery-every seconds (5 minutes in
     production) and the other schedules are off;
  2. a local SMTP server that records (recipient, Message-ID) of every message and takes
     --smtp-delay seconds per message, so the sweep's deliveries last long enough to be interrupted,
     then --ack-delay seconds more before its "250 OK" (a message it has accepted, the sender does
     not know about yet);
  3. worker #1 (--concurrency=2) runs the sweep task (reminders.tasks.reminders_sweep) for each of
     the --days, one per process; once --kill-after messages have arrived, the worker's whole
     process group gets SIGKILL (a crash, not a shutdown): each of its two processes may die
     holding one message in "sending", accepted by the server or not;
  4. worker #2 and celery beat start; Redis hands the unacknowledged delivery tasks back after the
     visibility timeout (CELERY_VISIBILITY_TIMEOUT), and beat's recovery task sends again the
     messages left in "sending" once their lease has run out (REMINDERS_SENDING_LEASE_SECONDS, set
     to --lease seconds here, 10 minutes in production); the script waits until nothing is left;
  5. it counts, for every claimed ReminderLog row with an e-mail address:
       - per Message-ID (what a mailbox that drops duplicates shows): lost = a message whose
         Message-ID never arrived, doubled = a second, different Message-ID for the same message;
       - per SMTP transaction (what the server received): lost, and re-transmissions, i.e. copies
         of a message already accepted, sent again because the worker died before recording it;
       - the in-app notifications (lost, doubled).
     Exit status 0 only if nothing is lost and nothing doubled per Message-ID or in the app, and
     every row has its outcome recorded (none left "sending"); the re-transmissions are printed,
     not hidden: at most one per process killed mid-send.

Usage (from the repository root; PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379):
    .venv/bin/python ops/reminders_kill_worker.py [--days 2020-06-12,2020-06-16] [--kill-after 10] [--lease 5]
"""

import argparse
import collections
import logging
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ops.scratch import BIN, REPO, Sink, pg_fresh_database, redis_flush, start, stop

RECOVERY_TASK = "reminders.recover_abandoned"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL (no database)")
    parser.add_argument("--database", default="cchc_ops_killtest", help="scratch database (dropped and re-created)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11", help="Redis broker (its db is flushed)")
    parser.add_argument("--smtp-port", type=int, default=2526)
    parser.add_argument("--smtp-delay", type=float, default=0.25, help="seconds the SMTP server takes per message")
    parser.add_argument("--ack-delay", type=float, default=0, help="seconds between accepting a message and saying so")
    parser.add_argument(
        "--days", default="2020-06-12,2020-06-16", help="one sweep per day, as if today were that day (comma-separated)"
    )
    parser.add_argument("--kill-after", type=int, default=10, help="SIGKILL worker #1 after this many e-mails")
    parser.add_argument("--visibility-timeout", type=int, default=10, help="seconds before Redis re-delivers")
    parser.add_argument("--lease", type=int, default=5, help="seconds a message may stay in 'sending' (far above --smtp-delay)")
    parser.add_argument("--recovery-every", type=int, default=2, help="seconds between two runs of the recovery (beat)")
    parser.add_argument("--timeout", type=int, default=180, help="seconds to wait for the end")
    parser.add_argument("--log-dir", default=str(REPO / "var" / "ops-killtest"))
    return parser.parse_args()


def start_worker(name: str, env: dict[str, str], log_dir: Path):
    command = [str(BIN / "celery"), "-A", "tamduong_cchc", "worker", "--loglevel=INFO", "--concurrency=2", "-n", f"{name}@%h"]
    return start(command, env=env, log=log_dir / f"{name}.log")


def schedule_recovery_only(every_seconds: int) -> None:
    """In the scratch database: the recovery every few seconds, no other schedule (a 07:30 sweep must not fire)."""
    from django.utils import timezone
    from django_celery_beat.models import IntervalSchedule, PeriodicTask, PeriodicTasks

    interval, _ = IntervalSchedule.objects.get_or_create(every=every_seconds, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.exclude(name=RECOVERY_TASK).update(enabled=False)
    PeriodicTask.objects.filter(name=RECOVERY_TASK).update(interval=interval, enabled=True)
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def main() -> int:
    args = parse_args()
    log_dir = Path(args.log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    database_url = f"{args.pg}/{args.database}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tamduong_cchc.settings.local",
        "DJANGO_DEBUG": "1",  # seed_demo refuses otherwise
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": args.redis,
        "CELERY_VISIBILITY_TIMEOUT": str(args.visibility_timeout),
        "REMINDERS_SENDING_LEASE_SECONDS": str(args.lease),
        "EMAIL_URL": f"smtp://127.0.0.1:{args.smtp_port}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "AXES_ENABLED": "0",
    }
    pg_fresh_database(server_url=args.pg, name=args.database, env=env)
    redis_flush(args.redis)

    os.environ.update(env)
    import django

    django.setup()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    from django.contrib.auth import get_user_model
    from django.db.models import Max

    from notifications.models import Notification
    from reminders.models import ReminderLog, ReminderStatus
    from reminders.services import reminder_message_id
    from reminders.tasks import reminders_sweep

    # The demo accounts have no e-mail address; give each one so every reminder goes through SMTP.
    for user in get_user_model().objects.filter(email=""):
        user.email = f"{user.username}@example.invalid"
        user.save(update_fields=["email"])
    first_notification = (Notification.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    schedule_recovery_only(args.recovery_every)

    sink = Sink(args.smtp_port, args.smtp_delay, args.ack_delay)
    sink.controller.start()
    processes = [start_worker("worker1", env, log_dir)]
    try:
        time.sleep(3)
        days = [day.strip() for day in args.days.split(",")]
        for day in days:
            reminders_sweep.delay(day)
        print(f"sweeps for {', '.join(days)} queued; waiting for {args.kill_after} e-mails before the kill")
        deadline = time.monotonic() + args.timeout
        while sink.count() < args.kill_after:
            if time.monotonic() > deadline or processes[0].poll() is not None:
                print("worker #1 never reached the kill point; see", log_dir / "worker1.log")
                return 2
            time.sleep(0.05)
        stop(processes.pop(), sig=signal.SIGKILL)
        at_kill = sink.count()
        in_flight = list(ReminderLog.objects.filter(status=ReminderStatus.SENDING).order_by("pk"))
        statuses_at_kill = collections.Counter(ReminderLog.objects.values_list("status", flat=True))
        print(f"SIGKILL worker #1 after {at_kill} e-mails; rows by status then: {dict(statuses_at_kill)}")
        time.sleep(args.smtp_delay + 1)  # let the server finish the messages whose data it already had
        accepted = {message_id for _address, message_id in sink.snapshot()}
        for log in in_flight:
            fate = "already accepted by the server" if reminder_message_id(log) in accepted else "not accepted by the server"
            print(f"  in flight at the kill: message {log.pk} to {log.email or '(in-app only)'}, {fate}")

        processes.append(start_worker("worker2", env, log_dir))
        beat = [str(BIN / "celery"), "-A", "tamduong_cchc", "beat", "--loglevel=INFO"]
        processes.append(start(beat, env=env, log=log_dir / "beat.log"))
        open_states = [ReminderStatus.PENDING, ReminderStatus.SENDING, ReminderStatus.RETRYING]
        quiet_since = time.monotonic()
        last = sink.count()
        while time.monotonic() < deadline:
            time.sleep(1)
            now_count = sink.count()
            if now_count != last:
                last, quiet_since = now_count, time.monotonic()
            settled = not ReminderLog.objects.filter(status__in=open_states).exists()
            # Quiet for longer than the visibility timeout: a re-delivery would have happened by now.
            if settled and time.monotonic() - quiet_since > args.visibility_timeout + 10:
                break
        logs = list(ReminderLog.objects.all())
        bell_expected = collections.Counter(log.user_id for log in logs if log.user_id)
        bell = collections.Counter(Notification.objects.filter(pk__gte=first_notification).values_list("recipient_id", flat=True))
    finally:
        for process in processes:
            stop(process)
        sink.controller.stop()

    received = sink.snapshot()
    recovered = sum(log.attempts > 1 for log in logs)
    # Per SMTP transaction: what reached the server, counted per address.
    expected = collections.Counter(log.email.lower() for log in logs if log.email)
    per_address = collections.Counter(address for address, _message_id in received)
    smtp_lost = sum(max(0, expected[address] - per_address[address]) for address in expected)
    smtp_extra = sum(max(0, per_address[address] - expected[address]) for address in per_address)
    # Per Message-ID: what a mailbox that drops duplicate Message-IDs shows.
    expected_ids = {(log.email.lower(), reminder_message_id(log)) for log in logs if log.email}
    distinct = set(received)
    id_lost = len(expected_ids - distinct)
    id_doubled = len(distinct - expected_ids)  # a copy under another Message-ID (or none): shown twice
    retransmitted = len(received) - len(distinct)  # a copy under the same Message-ID
    bell_lost = sum(max(0, bell_expected[user] - bell[user]) for user in bell_expected)
    bell_doubled = sum(max(0, bell[user] - bell_expected[user]) for user in bell)
    statuses = collections.Counter(log.status for log in logs)
    unfinished = sum(statuses[state] for state in open_states)  # never recorded: stuck, or still waiting
    print(f"claimed messages: {len(logs)} ({len(expected_ids)} with an e-mail address); sent again after the lease: {recovered}")
    print(f"rows by status at the end: {dict(statuses)}")
    print(f"e-mails received by the SMTP server: {len(received)} (before the kill: {at_kill})")
    print(f"in-app notifications: {sum(bell.values())} for {sum(bell_expected.values())} messages to users")
    print(
        f"SMTP transactions: lost={smtp_lost} extra={smtp_extra}, "
        f"of which re-transmissions with the same Message-ID={retransmitted}"
    )
    print(
        f"RESULT per Message-ID: lost={id_lost} doubled={id_doubled}; in-app lost={bell_lost} doubled={bell_doubled}; "
        f"rows not finished={unfinished}"
    )
    return 0 if id_lost == id_doubled == bell_lost == bell_doubled == unfinished == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
