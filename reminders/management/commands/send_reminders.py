"""Run the reminder sweep now, synchronously (for cron or a check), and print what it sends."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.services import reminders_sweep, reminders_weekly_digest


class Command(BaseCommand):
    help = "Send today's deadline reminders and escalations now (the same sweep as the 07:30 task)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send and record nothing.")
        parser.add_argument("--date", help="Run as if today were this day (YYYY-MM-DD).")
        parser.add_argument("--digest", action="store_true", help="Also send the office's weekly digest.")

    def handle(self, *args, dry_run: bool, date: str | None, digest: bool, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from exc
        results = [reminders_sweep(today=today, dry_run=dry_run, deliver_now=True)]
        if digest:
            results.append(reminders_weekly_digest(today=today, dry_run=dry_run, deliver_now=True))
        verb = "would send" if dry_run else "claimed"
        for result in results:
            for message in result.messages:
                recipient = message.recipient
                to = recipient.email or (f"user {recipient.user_id} (in-app only)" if recipient.user_id else "NO ADDRESS")
                stages = sorted({item.stage.split("/", 1)[1] for item in message.items})
                self.stdout.write(
                    f"{today:%d/%m/%Y} {message.kind:<10} {to:<40} unit={recipient.unit_id or '-'} "
                    f"reports={len(message.items)} stages={','.join(stages) or '-'}"
                )
            delivery = result.delivery
            summary = f"{len(result.messages)} message(s) {verb}" if dry_run else f"{len(result.claimed_ids)} message(s) {verb}"
            if delivery:
                summary += (
                    f"; sent {delivery.sent}, in-app only {delivery.in_app}, "
                    f"failed {delivery.failed}, queued for retry {len(delivery.retrying)}"
                )
            self.stdout.write(self.style.SUCCESS(summary))
