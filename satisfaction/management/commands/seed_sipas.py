from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from satisfaction.demo import sipas_demo_seed
from satisfaction.seeding import sipas_seed


class Command(BaseCommand):
    help = (
        "Load the SIPAS structure (5 elements, 22 criteria; no figures) and link tasks 1–2 of 345/UBND-NV. "
        "Idempotent. With --demo, also add illustrative figures and survey answers marked as demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Also add demo figures (needs DEBUG or --force).")
        parser.add_argument("--force", action="store_true", help="Allow --demo when DEBUG is off.")

    def handle(self, *args, **options):
        if options["demo"] and not (settings.DEBUG or options["force"]):
            raise CommandError("seed_sipas --demo only runs with DEBUG on, or with --force: demo figures are not official.")
        result = sipas_seed()
        missing = f" ({result.missing_tasks} linked tasks not found: run seed_cv345 first)" if result.missing_tasks else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"SIPAS: +{result.created_elements} elements, +{result.created_criteria} criteria, "
                f"+{result.created_links} task links{missing}."
            )
        )
        if options["demo"]:
            demo = sipas_demo_seed()
            self.stdout.write(
                self.style.WARNING(
                    f"Demo data (marked as demo on every screen): +{demo.measurements} measurements, "
                    f"+{demo.responses} survey responses."
                )
            )
