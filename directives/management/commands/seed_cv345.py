from django.core.management.base import BaseCommand

from directives.seeding import seed_cv345


class Command(BaseCommand):
    help = "Load Công văn 345/UBND-NV, its six tasks, the 26 recipient units, assignments and 2020 periods."

    def handle(self, *args, **options):
        directive, result = seed_cv345()
        if result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{directive}: +{result.created_units} units, +{result.created_tasks} tasks, "
                    f"+{result.created_assignments} assignments, +{result.created_periods} periods, "
                    f"+{result.created_reports} report rows."
                )
            )
        else:
            self.stdout.write(f"{directive}: already loaded, nothing changed.")
