"""How long one film's consensus recompute takes with many reviews.

    .venv/bin/python bench/consensus_recompute.py [--reviews 5000] [--repeat 7]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reviews_bench \\
        .venv/bin/python bench/consensus_recompute.py

Runs against a throwaway database only: SQLite /tmp/reviews_bench.sqlite3 unless
DATABASE_URL is set, and it refuses any database whose name lacks "bench", so the
developer's db.sqlite3 is never touched. A PostgreSQL database that does not exist is
created (through the server's "postgres" database) and dropped again at the end;
--keep-database keeps it, and a database that already existed is never dropped.

Steps: migrate; delete earlier bench rows; build one film with N published reviews by N
critics (ratings in mixed formats, some blank with an editor's verdict, some unrated,
bodies drawn from a fixed sentence list, ~10% top critics), deriving each review's
score, verdict, quote and analysis with the app's own service functions (timed);
bulk_create; then time recompute_film_consensus(film) --repeat times after one
warm-up run and count its SQL queries. Prints Markdown tables and the machine facts.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Before django.setup(): the bench must never fall back to the project's db.sqlite3.
os.environ["DJANGO_SETTINGS_MODULE"] = "reviews_site.settings"
os.environ["DJANGO_DEBUG"] = "1"
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/reviews_bench.sqlite3")

import dj_database_url  # noqa: E402
import django  # noqa: E402

from demo.data.text import RATINGS as DEMO_RATINGS  # noqa: E402  (plain data)

SLUG = "bench"  # every row the bench makes has a slug starting with this
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")

# Sentences written for this bench, grouped by what they do in a review.
PLOT = (
    "A retired lighthouse keeper agrees to look after her estranged grandson for one summer.",
    "Two rival bakers enter the same village competition and end up sharing a kitchen.",
    "The story follows a night-shift nurse who starts receiving letters from a stranger.",
    "Set in 1970s Lisbon, it tracks a jazz trio through one chaotic week of gigs.",
    "A disgraced chess champion returns home when her father falls ill.",
    "An engineer and a botanist are stranded at a research station over the winter.",
)
PRAISE = (
    "The performances are superb, and the two leads share a warm, easy chemistry.",
    "The direction is confident and precise, never showing off for its own sake.",
    "Its score is lovely, a string of melodies that linger long after the credits.",
    "The cinematography is gorgeous, full of soft light and patient long takes.",
    "The screenplay is sharp and often very funny, with dialogue that feels lived in.",
    "It is a brisk, tightly paced film that never outstays its welcome.",
    "The ending is genuinely moving without tipping into sentimentality.",
    "This is an engrossing, beautifully made drama and one of the best of the year.",
    "The humour is dry and clever, and the jokes land more often than not.",
    "Few films this year feel so fresh or so sure of what they want to say.",
)
CRITICISM = (
    "The pacing is sluggish, and the middle hour drags badly.",
    "The script is predictable and leans on every cliché of the genre.",
    "The acting is stiff, and the cast seems unsure of the tone.",
    "Its jokes are flat and the comic timing is off throughout.",
    "The ending is rushed and unconvincing, as if the film simply ran out of ideas.",
    "The visuals are murky and the editing is confusing.",
    "It is an overlong, formulaic film that offers nothing new.",
    "The music is intrusive, telling us what to feel in every scene.",
)
MIXED = (
    "While the performances are strong, the story never quite comes together.",
    "The first half is delightful, but the last act loses its nerve.",
    "It looks wonderful, yet the characters remain thin and forgettable.",
    "There are lovely moments here, although the pacing is uneven.",
)

# Ratings as critics print them, by the verdict they read as: the demo data's own list.
RATINGS = DEMO_RATINGS
# Bare numbers need the publication's declared scale: (publication index, ratings by lean).
BARE_RATINGS = {
    0: {"positive": ("3", "3.5", "4"), "mixed": ("2", "2.5"), "negative": ("1", "1.5")},
    1: {"positive": ("7", "8", "9"), "mixed": ("5", "4.5"), "negative": ("2", "3")},
}
PUBLICATIONS = (  # (name, rating_scale)
    ("Bench Quarterly", 4),
    ("Bench Ten", 10),
    ("Bench Daily", None),
    ("Bench Weekly", None),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=5000, help="reviews of the one film")
    parser.add_argument("--repeat", type=int, default=7, help="timed recomputes")
    parser.add_argument(
        "--skip-command", action="store_true", help="do not time manage.py recompute_consensus"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one recompute")
    parser.add_argument("--show-queries", action="store_true", help="print the recompute's SQL")
    parser.add_argument(
        "--keep-database", action="store_true", help="keep a database this run created"
    )
    args = parser.parse_args(argv)
    if args.reviews < 1 or args.repeat < 1:
        parser.error("--reviews and --repeat must be at least 1")

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if "bench" not in Path(str(config["NAME"])).name:
        parser.error(f"refusing to use database {config['NAME']!r}: its name must hold 'bench'")
    created = _create_database(config)

    load_before = os.getloadavg()[0]
    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0, interactive=False)
        results = run(args)
        if not args.skip_command:
            results["command"] = time_command(call_command)
        results["load"] = (load_before, os.getloadavg()[0])
        print_report(args, results)
    finally:
        if created and not args.keep_database:
            _drop_database(config)
    return 0


def run(args) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from critics.services.consensus import recompute_film_consensus

    wipe()
    film, reviews, timings = build(args.reviews)
    recompute_film_consensus(film.pk)  # warm-up: creates the consensus row, fills caches

    runs, cpu_runs = [], []
    for _ in range(args.repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        recompute_film_consensus(film.pk)
        runs.append((time.perf_counter() - start) * 1000)
        cpu_runs.append((time.process_time() - cpu_start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        consensus = recompute_film_consensus(film.pk)
    if args.show_queries:
        for query in queries.captured_queries:
            print(f"-- {query['time']}s\n{query['sql'][:300]}\n")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(recompute_film_consensus, film.pk)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())
    return {
        **timings,
        "reviews": len(reviews),
        "runs_ms": runs,
        "cpu_ms": cpu_runs,
        "queries": len(queries.captured_queries),
        "data_queries": sum(
            not q["sql"].upper().startswith(TRANSACTION_CONTROL) for q in queries.captured_queries
        ),
        "consensus": consensus,
    }


def wipe() -> None:
    from critics.models import Critic, FilmConsensus, Publication, Review
    from films.models import Film

    FilmConsensus.objects.filter(film__slug__startswith=SLUG).delete()
    Review.objects.filter(film__slug__startswith=SLUG).delete()
    Review.objects.filter(critic__slug__startswith=SLUG).delete()
    Critic.objects.filter(slug__startswith=SLUG).delete()
    Publication.objects.filter(slug__startswith=SLUG).delete()
    Film.objects.filter(slug__startswith=SLUG).delete()


def build(count: int):
    """One film with ``count`` published reviews, derived fields filled as the app does."""
    from django.db import connection
    from django.utils import timezone

    from consensus.suggest import suggest_verdict
    from critics.models import Critic, Publication, Review
    from critics.services.consensus import analyse_review_text, score_review
    from films.models import Film

    rng = random.Random(2016)  # fixed: every run builds the same reviews
    film = Film.objects.create(title="The Bench Mark", slug=f"{SLUG}-film", release_year=2024)
    publications = Publication.objects.bulk_create(
        Publication(name=name, slug=f"{SLUG}-pub-{i}", rating_scale=scale)
        for i, (name, scale) in enumerate(PUBLICATIONS)
    )
    critics = Critic.objects.bulk_create(
        (
            Critic(
                name=f"Bench Critic {i:05d}",
                slug=f"{SLUG}-critic-{i:05d}",
                is_top_critic=rng.random() < 0.1,
            )
            for i in range(count)
        ),
        batch_size=500,
    )
    now = timezone.now()
    reviews = [
        _review(rng, film, critic, publications, now - timedelta(days=1, seconds=i))
        for i, critic in enumerate(critics)
    ]

    start = time.perf_counter()
    for review in reviews:
        score_review(review)
    scored = time.perf_counter() - start
    start = time.perf_counter()
    for review in reviews:
        analyse_review_text(review)
    analysed = time.perf_counter() - start
    start = time.perf_counter()
    for review in reviews:
        suggest_verdict(review.body)
    suggested = time.perf_counter() - start

    start = time.perf_counter()
    Review.objects.bulk_create(reviews, batch_size=500)
    inserted = time.perf_counter() - start
    if connection.vendor == "postgresql":
        # Autovacuum would soon do this after a bulk load; measure the steady state.
        with connection.cursor() as cursor:
            cursor.execute("analyze")
    timings = {
        "score_per_s": count / scored,
        "analyse_per_s": count / analysed,
        "suggest_per_s": count / suggested,
        "insert_s": inserted,
    }
    return film, reviews, timings


def _review(rng: random.Random, film, critic, publications, publish_at):
    from critics.models import PublishingStatus, Review

    lean = rng.choices(("positive", "mixed", "negative"), weights=(60, 20, 20))[0]
    kind = rng.choices(
        ("rating", "bare", "verdict only", "unrated", "override"), weights=(62, 8, 15, 10, 5)
    )[0]
    publication, rating, verdict = None, "", None
    if kind == "bare":
        index = rng.choice(tuple(BARE_RATINGS))
        publication, rating = publications[index], rng.choice(BARE_RATINGS[index][lean])
    else:
        publication = rng.choice((None, None, *publications[2:]))
        if kind in ("rating", "override"):
            rating = rng.choice(RATINGS[lean])
        if kind == "verdict only":
            verdict = lean
        if kind == "override":  # the editor read the text differently from the rating
            verdict = "mixed" if lean != "mixed" else "positive"
    body, judgements = ("", []) if rng.random() < 0.05 else _body(rng, lean)
    quoted = judgements and rng.random() < 0.15
    return Review(
        film=film,
        critic=critic,
        publication=publication,
        rating=rating,
        verdict=verdict,
        body=body,
        pull_quote=judgements[0] if quoted else "",
        status=PublishingStatus.PUBLISHED,
        publish_at=publish_at,
        is_top_critic=critic.is_top_critic,  # as a new review starts from its critic's status
    )


def _body(rng: random.Random, lean: str) -> tuple[str, list[str]]:
    """A review text of a plot sentence and two to five judgements, and the judgements."""
    if lean == "positive":
        parts = rng.sample(PRAISE, rng.randint(2, 4)) + rng.sample(CRITICISM, rng.randint(0, 1))
    elif lean == "negative":
        parts = rng.sample(CRITICISM, rng.randint(2, 4)) + rng.sample(PRAISE, rng.randint(0, 1))
    else:
        parts = [*rng.sample(MIXED, 2), rng.choice(PRAISE), rng.choice(CRITICISM)]
    rng.shuffle(parts)
    paragraphs = [rng.choice(PLOT) + " " + parts[0], " ".join(parts[1:])]
    return "\n\n".join(p for p in paragraphs if p), parts


def time_command(call_command) -> dict:
    """manage.py recompute_consensus: rescore every review, rebuild every film."""
    from critics.models import Review
    from films.models import Film

    reviews, films = Review.objects.count(), Film.objects.count()
    start = time.perf_counter()
    call_command("recompute_consensus", stdout=io.StringIO(), stderr=io.StringIO())
    elapsed = time.perf_counter() - start
    return {"reviews": reviews, "films": films, "seconds": elapsed, "per_s": reviews / elapsed}


def print_report(args, results: dict) -> None:
    import django
    from django.db import connection

    runs = results["runs_ms"]
    before, after = results["load"]
    consensus = results["consensus"]
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if vendor == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]

    print(f"\n## Consensus recompute, {results['reviews']:,} reviews of one film\n")
    cpu = results["cpu_ms"]
    print(
        "| database | min ms | median ms | max ms | runs | SQL queries (data / all) |"
        " CPU ms min / median (this process) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {vendor} {version} | {min(runs):.1f} | {statistics.median(runs):.1f} |"
        f" {max(runs):.1f} | {len(runs)} | {results['data_queries']} / {results['queries']} |"
        f" {min(cpu):.1f} / {statistics.median(cpu):.1f} |"
    )
    print("\n| per-review step (in Python, before bulk_create) | reviews/s |")
    print("| --- | ---: |")
    print(f"| score_review (rating -> score, counted verdict) | {results['score_per_s']:,.0f} |")
    print(f"| analyse_review_text (quote, aspects, suggestion) | {results['analyse_per_s']:,.0f} |")
    print(f"| suggest_verdict alone | {results['suggest_per_s']:,.0f} |")
    print(f"\nbulk_create of the reviews: {results['insert_s']:.2f} s")
    if command := results.get("command"):
        print(
            f"manage.py recompute_consensus: {command['reviews']:,} reviews and"
            f" {command['films']} films in {command['seconds']:.2f} s"
            f" = {command['per_s']:,.0f} reviews/s (text analysis not re-run)"
        )
    print(
        f"\nResult: {consensus.review_count} reviews, {consensus.positive_count} positive /"
        f" {consensus.mixed_count} mixed / {consensus.negative_count} negative /"
        f" {consensus.unrated_count} unrated, {consensus.percent_positive}% positive,"
        f" average {consensus.average_score}, {consensus.label!r}"
    )
    print(
        f"\nMachine: {os.cpu_count()} cores ({_cpu_model()}), {platform.platform()};"
        f" Python {platform.python_version()}, Django {django.get_version()},"
        f" {vendor} {version}; --reviews {args.reviews} --repeat {args.repeat};"
        f" 1-minute load average {before:.2f} before, {after:.2f} after"
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _create_database(config: dict) -> bool:
    """Create a missing PostgreSQL bench database; True if this run created it."""
    if "postgresql" not in config["ENGINE"]:
        return not Path(config["NAME"]).exists()
    from psycopg import sql

    with _server(config) as server:
        exists = server.execute(
            "select 1 from pg_database where datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            server.execute(sql.SQL("create database {}").format(sql.Identifier(config["NAME"])))
    return not exists


def _drop_database(config: dict) -> None:
    from django.db import connections

    connections.close_all()
    if "postgresql" not in config["ENGINE"]:
        Path(config["NAME"]).unlink(missing_ok=True)
        return
    from psycopg import sql

    with _server(config) as server:
        server.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(config["NAME"])))


def _server(config: dict):
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    )


if __name__ == "__main__":
    raise SystemExit(main())
