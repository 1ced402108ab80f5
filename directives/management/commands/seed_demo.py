from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directives.demo import demo_seed
from directives.models import Directive


class Command(BaseCommand):
    help = "Add demo accounts and illustrative reports (marked as demo data). Refuses unless DEBUG or --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")
        parser.add_argument("--password", default=None, help="Password of every demo account (default: DEMO_PASSWORD).")
        parser.add_argument("--directive", default="345/UBND-NV", help="Number of the directive to fill.")

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["force"]):
            raise CommandError("seed_demo only runs with DEBUG on, or with --force: it creates accounts with a known password.")
        directive = Directive.objects.filter(number=options["directive"]).first()
        if directive is None:
            raise CommandError(f"Directive {options['directive']} does not exist; run seed_cv345 first.")
        password = options["password"] or settings.DEMO_PASSWORD
        result = demo_seed(directive=directive, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: +{result.users_created} accounts, {result.reports_changed} reports filled (marked as demo)."
            )
        )
