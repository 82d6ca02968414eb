"""The review CSV format shared by import and export (described for editors in
docs/import-format.md): its columns, how a file is read, and formula neutralising.

Line numbers are lines of the file with the header as line 1. A record whose quoted
text spans several lines is reported at the line where it starts, so after such a
record the number is larger than a spreadsheet's row number.
"""

import csv
import io
import re
from dataclasses import dataclass

COLUMNS = (
    "film",
    "year",
    "critic",
    "publication",
    "top_critic",
    "date",
    "rating",
    "verdict",
    "verdict_source",
    "headline",
    "url",
    "text",
)
# Missing optional columns read as blank cells; missing required ones stop the import.
REQUIRED_COLUMNS = ("film", "critic", "publication", "date")
# What the export adds for editors to read (the text model's suggestion), and what the
# file of rejected lines adds (each line's problems): files this site writes, so
# importing them again ignores these columns without a warning.
SUGGESTION_COLUMNS = ("suggested_verdict", "suggestion_confidence")
ERRORS_COLUMN = "errors"
QUIETLY_IGNORED = (*SUGGESTION_COLUMNS, ERRORS_COLUMN)
EXPORT_COLUMNS = (*COLUMNS[:9], *SUGGESTION_COLUMNS, *COLUMNS[9:])

# Longest value accepted per column, in characters (the database's limits, and a
# generous one for review text). Anything longer is reported on its line.
MAX_LENGTHS = {
    "film": 255,
    "year": 4,
    "critic": 255,
    "publication": 255,
    "top_critic": 5,
    "date": 10,
    "rating": 50,
    "verdict": 10,
    "verdict_source": 10,
    "headline": 255,
    "url": 500,
    "text": 100_000,
}
# The csv module's own per-field limit (its default, 131,072 characters). A field
# longer than this cannot be read past, so it stops the whole file.
CSV_FIELD_LIMIT = csv.field_size_limit()

# Spreadsheets run a cell starting with one of these as a formula (CSV injection).
# A cell starts at the start of a value, and also after any separator a spreadsheet
# may split the line on instead of the comma (";" where it is the list separator, as in
# much of Europe, tab, "|"): "Great film;=cmd|..." would become a second cell there.
# Export puts an apostrophe before the formula character at each such place; import
# removes exactly one again. Where apostrophes already stand before such a character,
# one more is added, so every value round-trips exactly.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_PROTECTED_START = re.compile(r"'+[=+\-@\t\r]")
_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t|])(?='*[=+\-@\t\r])")
# Led by the apostrophe, not the separator: the import runs it on every cell, and a
# literal first character lets it skip through a long review text several times faster.
_PROTECTED_AFTER_SEPARATOR = re.compile(r"'(?<=[,;\t|]')(?='*[=+\-@\t\r])")


class CsvFileError(ValueError):
    """The file as a whole cannot be read; the message names the line."""


@dataclass(frozen=True)
class CsvRecord:
    line: int  # where the record starts in the file, header = line 1
    cells: dict[str, str]  # known columns only, protective prefix removed, not stripped
    extra_values: int  # values beyond the header's columns


@dataclass(frozen=True)
class CsvContents:
    columns: tuple[str, ...]  # known columns present in the header
    ignored_columns: tuple[str, ...]  # header names that are not part of the format
    records: list[CsvRecord]


def protect_cell(value: str) -> str:
    """A cell value as written on export: an apostrophe before every formula character
    that starts the value or follows a separator."""
    value = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", value)
    return "'" + value if _FORMULA_START.match(value) else value


def unprotect_cell(value: str) -> str:
    """Undo protect_cell: remove exactly one apostrophe at each place it added one."""
    if value[:1] == "'" and _PROTECTED_START.match(value):
        value = value[1:]
    return _PROTECTED_AFTER_SEPARATOR.sub("", value)


def decode(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped), or CsvFileError naming the first bad line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8-sig")
        line = _count_lines(before) + 1
        raise CsvFileError(
            f"line {line}: the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be "
            "read); save it as 'CSV UTF-8' and import it again"
        ) from None


def _count_lines(text: str) -> int:
    # The same line ends the csv reader splits on: \r\n, \n, or a lone \r.
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def read_csv(data: bytes) -> CsvContents:
    """Parse a whole file; raises CsvFileError for what no row-by-row report can cover."""
    text = decode(data)
    if (nul := text.find("\x00")) >= 0:
        # Never meant as text (PostgreSQL cannot even store it): a binary or damaged file.
        raise CsvFileError(
            f"line {_count_lines(text[:nul]) + 1}: the file contains a NUL character, so it "
            "is not plain text; save it as 'CSV UTF-8' and import it again"
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = _next_record(reader, 1)
    if header is None or not any(cell.strip() for cell in header):
        raise CsvFileError("line 1: the file is empty; the first line must name the columns")
    names = [cell.strip().casefold() for cell in header]
    _check_header(names)
    positions = {name: i for i, name in enumerate(names) if name in COLUMNS}
    ignored = tuple(
        name for name in names if name and name not in COLUMNS and name not in QUIETLY_IGNORED
    )

    records = []
    while True:
        line = reader.line_num + 1
        row = _next_record(reader, line)
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue  # blank lines between records
        cells = {
            name: unprotect_cell(row[i]) if i < len(row) else "" for name, i in positions.items()
        }
        records.append(CsvRecord(line, cells, max(0, len(row) - len(names))))
    return CsvContents(tuple(positions), ignored, records)


def _next_record(reader, line: int) -> list[str] | None:
    try:
        return next(reader)
    except StopIteration:
        return None
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise CsvFileError(
                f"line {line}: a value is longer than {CSV_FIELD_LIMIT:,} characters; "
                "the file cannot be read past it (the longest review text accepted is "
                f"{MAX_LENGTHS['text']:,} characters)"
            ) from None
        if "unexpected end of data" in str(error):
            raise CsvFileError(
                f"line {line}: a quoted value starting here is never closed (a missing '\"')"
            ) from None
        raise CsvFileError(f"line {line}: not valid CSV ({error})") from None


def _check_header(names: list[str]) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise CsvFileError(
            f"line 1: missing required column{'s' if len(missing) > 1 else ''}: "
            f"{', '.join(missing)} (the header must name {', '.join(REQUIRED_COLUMNS)})"
        )
    seen = set()
    for name in names:
        if name in COLUMNS and name in seen:
            raise CsvFileError(f"line 1: the column '{name}' appears twice")
        seen.add(name)


def csv_writer(stream, columns=EXPORT_COLUMNS):
    """A writer for export: every cell quoted, CRLF line ends, as spreadsheets expect."""
    # Quoted, a cell stays whole whatever separators it holds, wherever the file's
    # comma is the separator; the apostrophes above cover spreadsheets that split on
    # another character.
    writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([protect_cell(name) for name in columns])
    return writer


def write_record(writer, values: dict[str, str], columns=EXPORT_COLUMNS) -> None:
    writer.writerow([protect_cell(values.get(name, "")) for name in columns])


def write_rejected_lines(data: bytes, problems: dict[int, list[str]], stream) -> int:
    """Write the file's records that start on the given lines, as they were, plus an
    "errors" column saying what is wrong with each: a file to fix and import again.

    Every column of the original header is kept, in its order (a column named "errors"
    is replaced). Returns the number of records written.
    """
    reader = csv.reader(io.StringIO(decode(data), newline=""), strict=True)
    header = next(reader)
    keep = [i for i, name in enumerate(header) if name.strip().casefold() != ERRORS_COLUMN]
    writer = csv_writer(stream, [*(header[i] for i in keep), ERRORS_COLUMN])
    written = 0
    while True:
        line = reader.line_num + 1
        row = _next_record(reader, line)
        if row is None:
            break
        if line in problems:
            cells = [row[i] if i < len(row) else "" for i in keep]
            # Values beyond the header's columns (the usual cause of that problem) stay,
            # after the errors, so the editor can see them and put them right.
            extra = row[len(header) :]
            values = [*map(unprotect_cell, cells), "; ".join(problems[line])]
            values += map(unprotect_cell, extra)
            writer.writerow([protect_cell(value) for value in values])
            written += 1
    return written
