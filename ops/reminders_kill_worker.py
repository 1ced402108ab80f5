"""Kill the Celery worker in the middle of a reminder sweep, start a new one, and count the e-mails.

What it does, against the real parts (PostgreSQL + Redis + a real SMTP server):
  1. a fresh PostgreSQL database from a seeded template (seed_cv345 + seed_demo, made once);
  2. a local SMTP server that records every message and takes --smtp-delay seconds per message,
     so the sweep's deliveries last long enough to be interrupted;
  3. worker #1 runs the sweep task (reminders.tasks.reminders_sweep) for --day; once --kill-after
     messages have arrived, the worker's whole process group gets SIGKILL (a crash, not a shutdown);
  4. worker #2 starts; Redis hands the unacknowledged task back after the visibility timeout
     (CELERY_VISIBILITY_TIMEOUT); the script waits until nothing is left to send;
  5. every claimed ReminderLog row with an e-mail address must have reached the SMTP server exactly
     once: "lost" and "doubled" are counted per address; exit status 0 only if both are zero.

Usage (from the repository root; PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379):
    .venv/bin/python ops/reminders_kill_worker.py [--day 2020-06-16] [--kill-after 10]
"""

import argparse
import collections
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ops.services import BIN, REPO, Sink, pg_fresh_database, redis_flush, start, stop


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL (no database)")
    parser.add_argument("--database", default="cchc_ops_killtest", help="scratch database (dropped and re-created)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11", help="Redis broker (its db is flushed)")
    parser.add_argument("--smtp-port", type=int, default=2526)
    parser.add_argument("--smtp-delay", type=float, default=0.25, help="seconds the SMTP server takes per message")
    parser.add_argument("--day", default="2020-06-16", help="the sweep runs as if today were this day")
    parser.add_argument("--kill-after", type=int, default=10, help="SIGKILL worker #1 after this many e-mails")
    parser.add_argument("--visibility-timeout", type=int, default=10, help="seconds before Redis re-delivers")
    parser.add_argument("--timeout", type=int, default=180, help="seconds to wait for the end")
    parser.add_argument("--log-dir", default=str(REPO / "var" / "ops-killtest"))
    return parser.parse_args()


def start_worker(name: str, env: dict[str, str], log_dir: Path):
    command = [str(BIN / "celery"), "-A", "tamduong_cchc", "worker", "--loglevel=INFO", "--concurrency=2", "-n", f"{name}@%h"]
    return start(command, env=env, log=log_dir / f"{name}.log")


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
        "EMAIL_URL": f"smtp://127.0.0.1:{args.smtp_port}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "AXES_ENABLED": "0",
    }
    pg_fresh_database(server_url=args.pg, name=args.database, env=env)
    redis_flush(args.redis)

    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.models import Max

    from notifications.models import Notification
    from reminders.models import ReminderLog, ReminderStatus
    from reminders.tasks import reminders_sweep

    # The demo accounts have no e-mail address; give each one so every reminder goes through SMTP.
    for user in get_user_model().objects.filter(email=""):
        user.email = f"{user.username}@example.invalid"
        user.save(update_fields=["email"])
    first_notification = (Notification.objects.aggregate(last=Max("pk"))["last"] or 0) + 1

    sink = Sink(args.smtp_port, args.smtp_delay)
    sink.controller.start()
    worker = start_worker("worker1", env, log_dir)
    try:
        time.sleep(3)
        reminders_sweep.delay(args.day)
        print(f"sweep for {args.day} queued; waiting for {args.kill_after} e-mails before the kill")
        deadline = time.monotonic() + args.timeout
        while sink.count() < args.kill_after:
            if time.monotonic() > deadline or worker.poll() is not None:
                print("worker #1 never reached the kill point; see", log_dir / "worker1.log")
                return 2
            time.sleep(0.05)
        stop(worker, sig=signal.SIGKILL)
        at_kill = sink.count()
        statuses_at_kill = collections.Counter(ReminderLog.objects.values_list("status", flat=True))
        print(f"SIGKILL worker #1 after {at_kill} e-mails; rows by status then: {dict(statuses_at_kill)}")

        worker = start_worker("worker2", env, log_dir)
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
        claimed = list(ReminderLog.objects.values_list("email", "status"))
        bell_expected = collections.Counter(ReminderLog.objects.filter(user__isnull=False).values_list("user_id", flat=True))
        bell = collections.Counter(Notification.objects.filter(pk__gte=first_notification).values_list("recipient_id", flat=True))
    finally:
        stop(worker)
        sink.controller.stop()

    expected = collections.Counter(address.lower() for address, _status in claimed if address)
    received = collections.Counter(address for address, _subject in sink.received)
    lost = sum(max(0, expected[address] - received[address]) for address in expected)
    doubled = sum(max(0, received[address] - expected[address]) for address in received)
    bell_lost = sum(max(0, bell_expected[user] - bell[user]) for user in bell_expected)
    bell_doubled = sum(max(0, bell[user] - bell_expected[user]) for user in bell)
    statuses = collections.Counter(status for _address, status in claimed)
    print(f"claimed messages: {len(claimed)} ({sum(expected.values())} with an e-mail address)")
    print(f"rows by status at the end: {dict(statuses)}")
    print(f"e-mails received by the SMTP server: {len(sink.received)} (before the kill: {at_kill})")
    print(f"in-app notifications: {sum(bell.values())} for {sum(bell_expected.values())} messages to users")
    print(f"RESULT e-mail lost={lost} doubled={doubled}; in-app lost={bell_lost} doubled={bell_doubled}")
    return 0 if lost == doubled == bell_lost == bell_doubled == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
