from django.core.management.base import BaseCommand
from django.utils import timezone

from directives.services import periods_extend_ongoing


class Command(BaseCommand):
    help = "Create the periods of ongoing directives up to this year (the daily beat job does the same)."

    def handle(self, *args, **options):
        created = periods_extend_ongoing(today=timezone.localdate())
        self.stdout.write(f"{created} period(s) created.")
