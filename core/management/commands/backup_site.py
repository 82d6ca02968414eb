from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup_archive import BackupError
from core.backups import create_backup, default_backup_dir


class Command(BaseCommand):
    help = (
        "Write the whole site (the database with pg_dump on PostgreSQL, else as a "
        "natural-key fixture; plus uploaded media) into one timestamped .tar.gz under "
        "backups/ (or BACKUP_DIR), readable by its owner only. Safe while the site runs: "
        "the data is read from one consistent snapshot."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="Folder for the archive (default: $BACKUP_DIR, else backups/).",
        )
        parser.add_argument(
            "--format",
            choices=["pg_dump", "json"],
            default=None,
            dest="database_format",
            help="How to write the database: pg_dump (the default on PostgreSQL) or json "
            "(the default elsewhere; any database engine can load it).",
        )

    def handle(self, *args, output_dir, database_format, **options):
        try:
            archive = create_backup(
                output_dir=output_dir or default_backup_dir(),
                database_format=database_format,
                notify=lambda notice: self.stderr.write(self.style.WARNING(notice)),
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {archive}"))
