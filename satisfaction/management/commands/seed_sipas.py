from django.core.management.base import BaseCommand

from satisfaction.seeding import sipas_seed


class Command(BaseCommand):
    help = "Load the SIPAS structure (5 elements, 22 criteria; no figures) and link tasks 1–2 of 345/UBND-NV. Idempotent."

    def handle(self, *args, **options):
        result = sipas_seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"SIPAS: +{result.created_elements} elements, +{result.created_criteria} criteria, "
                f"+{result.created_links} task links"
                + (f" ({result.missing_tasks} linked tasks not found: run seed_cv345 first)" if result.missing_tasks else "")
                + "."
            )
        )
