from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from security.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (MEDIA_ROOT) into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=str(settings.BACKUP_DIR), help="Folder for the archive (BACKUP_DIR).")

    def handle(self, *args, output_dir, **options):
        try:
            archive = backup_create(destination_dir=Path(output_dir))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
