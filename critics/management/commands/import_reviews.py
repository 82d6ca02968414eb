import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from critics.importer.analysis import TextWorkers, default_workers
from critics.importer.apply import ImportConflict, apply_plan
from critics.importer.csv_format import CsvFileError, write_rejected_lines
from critics.importer.report import plural, summary_lines
from critics.importer.validate import build_plan


class Command(BaseCommand):
    help = (
        "Import published reviews from a CSV file (UTF-8, header row; the format is in "
        "docs/import-format.md). Every row is checked first: problems are printed as "
        "'line N: what is wrong; what else is wrong' (every problem of a line at once) and "
        "nothing is written unless --skip-invalid is given. "
        "Line numbers count the file's lines with the header as line 1; a row whose quoted "
        "text runs over several lines is reported at the line where it starts (so after "
        "such a row the number is larger than a spreadsheet's row number). Rows already "
        "imported are left alone, so importing a file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file to import")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would change, without writing anything",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows and report the invalid ones as skipped",
        )
        parser.add_argument(
            "--invalid-rows",
            metavar="FILE",
            help="write the invalid lines to FILE as CSV (the file's columns plus 'errors'), "
            "to fix and import again",
        )
        parser.add_argument(
            "--create-films",
            action="store_true",
            help="add films missing from the catalogue (by title and year) instead of "
            "reporting them as errors",
        )

        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="processes for the text analysis of files of 2,000 rows or more, working "
            "while this one writes (default: one per CPU, at most 4; 1 analyses here)",
        )

    def handle(
        self, *args, file, dry_run, skip_invalid, invalid_rows, create_films, workers, **options
    ):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        # The workers start now: the rows certain to be new are analysed while the rest
        # of the file is checked (not for a dry run, which writes nothing).
        with TextWorkers(1 if dry_run else workers) as analysis:
            self._import(data, analysis, dry_run, skip_invalid, invalid_rows, create_films, workers)

    def _import(self, data, analysis, dry_run, skip_invalid, invalid_rows, create_films, workers):
        try:
            plan = build_plan(
                data, create_films=create_films, progress=self._progress, analysis=analysis
            )
        except CsvFileError as error:
            raise CommandError(f"{error}. Nothing was imported.") from None

        for warning in plan.warnings:
            self.stderr.write(f"warning: {warning}", self.style.WARNING)
        problems = plan.problems_by_line
        for line, found in problems.items():
            self.stderr.write(f"line {line}: {'; '.join(found)}")
        if invalid_rows and problems:
            with open(invalid_rows, "w", encoding="utf-8", newline="") as stream:
                written = write_rejected_lines(data, problems, stream)
            self.stderr.write(f"Wrote {plural(written, 'invalid line')} to {invalid_rows}.")
        invalid = plan.invalid_lines
        if invalid and not skip_invalid:
            raise CommandError(
                f"{plural(len(invalid), 'invalid row')}; nothing was imported. Fix them, "
                "or use --skip-invalid to import the other rows."
            )
        for summary in summary_lines(plan):
            self.stdout.write(summary)
        if invalid:
            self.stdout.write(f"Skipped invalid lines: {', '.join(map(str, invalid))}")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            result = apply_plan(plan, workers=workers, progress=self._progress, analysis=analysis)
        except ImportConflict as error:
            raise CommandError(str(error)) from None
        updated = f", updated {plural(result.updated, 'review')}" if result.updated else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {plural(result.created, 'review')}{updated}; consensus recomputed "
                f"for {plural(len(result.film_ids), 'film')}."
            )
        )

    def _progress(self, items, description, total):
        # A bar only for a person watching a terminal; logs and pipes stay clean.
        return tqdm(
            items,
            desc=description,
            total=total,
            file=sys.stderr,
            disable=not self.stdout.isatty(),
            delay=0.5,
            leave=False,
        )
