from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.backup_archive import BackupError
from core.backups import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_site into an empty database: migrate, load the "
        "data in one transaction, put the media files back, rebuild every consensus."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by backup_site.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load into a database that already has data (rows with the same keys are "
            "overwritten, the others stay).",
        )
        parser.add_argument(
            "--skip-recompute",
            action="store_true",
            help="Do not rebuild scores and consensus after loading (they are in the backup).",
        )

    def handle(self, *args, archive, force, skip_recompute, **options):
        try:
            restored = restore_backup(archive=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not skip_recompute:
            # Derived data follows the code restoring it, not the one that backed it up.
            call_command("recompute_consensus", verbosity=options["verbosity"])
        rows = sum(restored["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows and {restored['media_restored']} media files "
                f"from the backup of {restored['created_at']}."
            )
        )
