from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from security.backups import BackupError, backup_read_manifest, backup_restore


class Command(BaseCommand):
    help = "Replace the database and the uploaded files with a backup archive (stop the web and worker processes first)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A .tar.gz written by `manage.py backup`.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, archive, interactive, **options):
        path = Path(archive)
        try:
            manifest = backup_read_manifest(archive=path)
            if interactive:
                answer = input(f"Replace the current database and uploaded files with {path} ({manifest.created_at})? [y/N] ")
                if answer.strip().lower() not in ("y", "yes"):
                    raise CommandError("Restore cancelled.")
            backup_restore(archive=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {path}: {manifest.engine} database and {manifest.media_files} uploaded files.")
