"""How fast the CSV importer checks, writes and recomputes consensus.

    .venv/bin/python bench/import_reviews.py [--rows 20000] [--films 1000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reviews_import_bench \\
        .venv/bin/python bench/import_reviews.py

Runs against a throwaway database only: SQLite /tmp/reviews_import_bench.sqlite3
unless DATABASE_URL is set, and it refuses any database whose name lacks "bench", so
the developer's db.sqlite3 is never touched. A database this run creates is removed
at the end (--keep-database keeps it); an existing one is never dropped, but its
reviews, critics, publications and films are deleted first.

Texts are the rt-polarity snippets (real one-sentence extracts of critics' reviews,
/work/shared/datasets/rt-polarity or --texts) when present, else the sentences of
bench/consensus_recompute.py.

Steps: migrate; add 60 publications (some rating with bare numbers on a scale of 4
or 10); write a CSV of N realistic rows (one-sentence texts, ratings in mixed
formats including bare numbers on a publication's scale, about 10% unsigned staff
reviews, some verdict-only and unrated rows, many films, critics and publications);
import it with --create-films, timing each phase through the importer's progress
hook and the consensus recomputes through a counting wrapper; then import the same
file again (everything unchanged). Prints a Markdown table and the machine facts.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Before django.setup(): the bench must never fall back to the project's db.sqlite3.
os.environ["DJANGO_SETTINGS_MODULE"] = "reviews_site.settings"
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/reviews_import_bench.sqlite3")

import dj_database_url  # noqa: E402
import django  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from consensus_recompute import (  # noqa: E402  (shared sentences, ratings and db helpers)
    CRITICISM,
    MIXED,
    PRAISE,
    RATINGS,
    _cpu_model,
    _create_database,
    _drop_database,
)

# Production settings, debug off (set after importing the other bench, which turns debug
# on for itself): with debug on Django records every query, and on SQLite it re-quotes
# every parameter to do so, which more than doubled the insert time.
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-key-" + "0123456789abcdef" * 4)

PUBLICATION_COUNT = 60
SCALED = {4: ("1", "2", "2.5", "3", "3.5", "4"), 10: ("3", "5", "6", "7", "8", "9")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000, help="rows in the CSV file")
    parser.add_argument("--films", type=int, default=1_000, help="distinct films")
    parser.add_argument("--critics", type=int, default=2_000, help="distinct named critics")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="text-analysis processes (default: as the command, one per CPU up to 4)",
    )
    parser.add_argument(
        "--texts",
        type=Path,
        default=Path("/work/shared/datasets/rt-polarity"),
        help="folder with rt-polarity.pos/.neg, real one-sentence snippets (else the bench's own)",
    )
    parser.add_argument(
        "--keep-database", action="store_true", help="keep a database this run created"
    )
    args = parser.parse_args(argv)

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if "bench" not in Path(str(config["NAME"])).name:
        parser.error(f"refusing to use database {config['NAME']!r}: its name must hold 'bench'")
    created = _create_database(config)
    load_before = os.getloadavg()[0]
    django.setup()
    from django.core.management import call_command

    from critics.importer.analysis import default_workers

    if args.workers is None:
        args.workers = default_workers()

    try:
        call_command("migrate", verbosity=0, interactive=False)
        wipe()
        data = make_csv(args, load_texts(args.texts))
        first = time_import(data, args.workers)
        again = time_import(data, args.workers)
        report(args, data, first, again, (load_before, os.getloadavg()[0]))
    finally:
        if created and not args.keep_database:
            _drop_database(config)
    return 0


def wipe() -> None:
    from critics.models import Critic, FilmConsensus, Publication, Review
    from films.models import Film

    for model in (FilmConsensus, Review, Critic, Publication, Film):
        model.objects.all().delete()


def load_texts(folder: Path) -> dict[str, tuple[str, ...]]:
    """Real one-sentence snippets by lean (rt-polarity has no mixed ones), else the bench's."""
    own = {"positive": PRAISE, "negative": CRITICISM, "mixed": MIXED}
    try:
        pos, neg = (
            (folder / name).read_text(encoding="utf-8", errors="replace").splitlines()
            for name in ("rt-polarity.pos", "rt-polarity.neg")
        )
    except OSError:
        return own
    return {"positive": tuple(pos), "negative": tuple(neg), "mixed": MIXED}


BENCH_COLUMNS = (
    "film",
    "year",
    "critic",
    "publication",
    "top_critic",
    "date",
    "rating",
    "verdict",
    "headline",
    "url",
    "text",
)


def make_csv(args, texts: dict[str, tuple[str, ...]]) -> bytes:
    """The file, and its publications in the catalogue (bare numbers need their scale)."""
    from critics.models import Publication

    rng = random.Random(2016)  # fixed: every run imports the same file
    films = [(f"Bench Film {i:05d}", 1990 + i % 35) for i in range(args.films)]
    scales = [4 if i % 6 == 0 else 10 if i % 6 == 1 else None for i in range(PUBLICATION_COUNT)]
    Publication.objects.bulk_create(
        Publication(name=f"Bench Publication {i:02d}", slug=f"bench-pub-{i}", rating_scale=scale)
        for i, scale in enumerate(scales)
    )
    critics = [f"Bench Critic {i:05d}" for i in range(args.critics)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    # The columns of an aggregator's export: the rows below give these, in this order.
    writer.writerow(BENCH_COLUMNS)
    for n in range(args.rows):
        title, year = films[n % len(films)]
        # Each critic writes for one publication and reviews a film at most once.
        critic_index = ((n % len(films)) * 37 + (n // len(films)) * 101) % len(critics)
        pub = critic_index % PUBLICATION_COUNT
        lean = rng.choices(("positive", "mixed", "negative"), weights=(60, 20, 20))[0]
        unsigned = rng.random() < 0.1
        critic = "" if unsigned else critics[critic_index]
        kind = rng.choices(("rating", "verdict", "unrated"), weights=(80, 12, 8))[0]
        rating = verdict = ""
        if kind == "rating" and scales[pub] and rng.random() < 0.5:
            rating = rng.choice(SCALED[scales[pub]])
        elif kind == "rating":
            rating = rng.choice(RATINGS[lean])
        elif kind == "verdict":
            verdict = rng.choice(
                {"positive": ("fresh", "positive"), "mixed": ("mixed",)}.get(
                    lean, ("rotten", "negative")
                )
            )
        sentence = rng.choice(texts[lean]).strip()
        writer.writerow(
            [
                title,
                year,
                critic,
                f"Bench Publication {pub:02d}",
                "yes" if critic and critic_index % 10 == 0 else "no",
                (date(year, 1, 1) + timedelta(days=n % 300)).isoformat(),
                rating,
                verdict,
                f"Review {n}",
                f"https://bench.example/reviews/{n}",
                sentence,
            ]
        )
    return out.getvalue().encode()


def _now() -> tuple[float, float]:
    # Wall time, and CPU time of this process: on a busy machine the CPU time shows
    # what the work costs (SQLite runs in-process; PostgreSQL's and workers' CPU not).
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _now()
    return wall - start[0], cpu - start[1]


def time_import(data: bytes, workers: int) -> dict:
    from critics.importer.analysis import TextWorkers
    from critics.importer.apply import apply_plan
    from critics.importer.validate import build_plan
    from critics.services import consensus

    phases: dict[str, tuple[float, float]] = {}

    def progress(items, description, total):
        start = _now()
        yield from items
        phases[description] = _since(start)

    recomputes = []
    films = []
    original = consensus.recompute_films_consensus

    def timed_recompute(film_ids, **options):
        start = _now()
        result = original(film_ids, **options)
        recomputes.append(_since(start))
        films.append(result)
        return result

    consensus.recompute_films_consensus = timed_recompute
    try:
        # As the command does: the workers analyse rows certain to be new during the check.
        with TextWorkers(workers) as analysis:
            start = _now()
            plan = build_plan(data, create_films=True, progress=progress, analysis=analysis)
            checked = _since(start)
            start = _now()
            result = apply_plan(plan, workers=workers, progress=progress, analysis=analysis)
        applied = _since(start)
    finally:
        consensus.recompute_films_consensus = original
    assert not plan.errors, plan.errors[:5]
    consensus_time = tuple(sum(part) for part in zip(*recomputes, strict=True)) or (0.0, 0.0)
    written = tuple(a - c for a, c in zip(applied, consensus_time, strict=True))
    return {
        "rows": plan.rows,
        "new": result.created,
        "unchanged": len(plan.unchanged),
        "films": sum(films),
        "check": checked,
        "analyse_insert": phases.get("Analysing and writing", (0.0, 0.0)),
        "write": written,
        "consensus": consensus_time,
        "total": tuple(a + b for a, b in zip(checked, applied, strict=True)),
    }


def report(args, data: bytes, first: dict, again: dict, load: tuple[float, float]) -> None:
    from django.db import connection

    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if vendor == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    rows = first["rows"]

    def line(label: str, times: tuple[float, float], count: int = rows, unit: str = "") -> None:
        wall, cpu = times
        per_wall = f"{count / wall:,.0f}{unit}" if wall else "–"
        per_cpu = f"{count / cpu:,.0f}{unit}" if cpu > 0.01 else "–"
        print(f"| {label} | {wall:.2f} | {per_wall} | {cpu:.2f} | {per_cpu} |")

    print(f"\n## CSV import, {rows:,} rows ({len(data) / 1e6:.1f} MB), {vendor} {version}\n")
    print("| phase | wall s | rows/s | CPU s (this process) | rows per CPU-s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    line("check every row (parse, match the catalogue, find known rows)", first["check"])
    line(
        f"text analysis ({args.workers} process(es)) and inserts with history, side by side",
        first["analyse_insert"],
    )
    line("write in all (derive + insert + commit)", first["write"])
    line(f"consensus, once per film ({first['films']:,} films)", first["consensus"])
    line(
        "consensus, films per second",
        first["consensus"],
        count=first["films"],
        unit=" films",
    )
    line("**whole import**", first["total"])
    line(f"same file again (all {again['unchanged']:,} unchanged)", again["total"])
    print(
        f"\n{first['new']:,} reviews created; machine: {os.cpu_count()} cores ({_cpu_model()}),"
        f" {platform.platform()}; Python {platform.python_version()}, Django"
        f" {django.get_version()}; 1-minute load average {load[0]:.2f} before, {load[1]:.2f}"
        f" after; --rows {args.rows} --films {args.films} --critics {args.critics}"
        f" --workers {args.workers}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
