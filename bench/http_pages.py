"""Requests per second and latency of real pages under gunicorn, against a minimal view.

    .venv/bin/python bench/http_pages.py \\
        --database-url postgres://postgres@127.0.0.1:5432/reviews_full \\
        --redis-url redis://127.0.0.1:6379/7 [--duration 10s] [--write-docs]

Serves the site with production settings (bench/http_harness.py: debug off, a
throwaway secret key, plain HTTP, rate limits raised, its own collected static
files) twice: with the page cache off (DJANGO_PAGE_CACHE_SECONDS=0) and on at its
production default, warm. Each page picked from the database (bench/url_picks.py)
is driven by wrk from a second process for --duration after a --warmup run.
Reports requests/s, p50/p95/p99, non-2xx answers, SQL queries per request (counted
in-process with the test client), worker memory after each run, and the ratio to
the minimal view (/bench/minimal/) measured in the same server start. The database
is only read.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import http_harness as harness

DOCS_SECTION = "http-pages"
UNCACHED_FILM_GOAL = 0.40
CACHED_PAGE_GOAL = 0.90
P95_GOAL_MS = 50.0


@dataclass
class Row:
    name: str
    path: str
    result: harness.WrkResult
    queries: int
    rss_mib: list[float]
    ratio: float = 0.0


def measure_mode(options, env, pages, counts, args, log_path) -> list[Row]:
    rows = []
    wrk = {"connections": args.connections, "threads": args.threads}
    with harness.gunicorn(options, env, log_path) as server:
        for index, (name, path) in enumerate(pages):
            url = server.base_url + path
            harness.run_wrk(url, duration=args.warmup, **wrk)
            result = harness.run_wrk(url, duration=args.duration, **wrk)
            rows.append(Row(name, path, result, counts[index], server.worker_rss_mib()))
            print(
                f"  {name}: {result.rps:,.0f} req/s, p95 {result.p95_ms:.1f} ms",
                file=sys.stderr,
            )
        # The minimal view again at the end: the baseline is the mean of both runs, so
        # a machine that slows down during the run does not flatter the later pages.
        again = harness.run_wrk(server.base_url + pages[0][1], duration=args.duration, **wrk)
        rows.append(
            Row(f"{pages[0][0]} (again)", pages[0][1], again, counts[0], server.worker_rss_mib())
        )
        tracebacks = server.logged_tracebacks()
    baseline = (rows[0].result.rps + again.rps) / 2
    for row in rows:
        row.ratio = row.result.rps / baseline if baseline else 0.0
    if tracebacks:
        print(f"  gunicorn logged {tracebacks} tracebacks: see {log_path}", file=sys.stderr)
    return rows


def goals(row: Row, *, cached: bool) -> str:
    verdicts = [f"p95 {'met' if row.result.p95_ms < P95_GOAL_MS else 'MISSED'}"]
    if row.path.startswith("/search/") or row.name.startswith("minimal view"):
        pass  # search is never cached; the minimal view is the baseline
    elif cached:
        verdicts.append(f">=90% {'met' if row.ratio >= CACHED_PAGE_GOAL else 'MISSED'}")
    elif row.name.startswith("film ("):
        verdicts.append(f">=40% {'met' if row.ratio >= UNCACHED_FILM_GOAL else 'MISSED'}")
    return ", ".join(verdicts)


def table(rows: list[Row], *, cached: bool) -> list[str]:
    lines = [
        "| Page | Req/s | p50 ms | p95 ms | p99 ms | Non-2xx | SQL queries | "
        "Worker RSS MiB (max / total) | vs minimal | Goals |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        result = row.result
        errors = (
            f" (+{result.socket_error_count} socket errors)" if result.socket_error_count else ""
        )
        lines.append(
            f"| {row.name} `{row.path}` | {result.rps:,.0f} | {result.p50_ms:.1f} | "
            f"{result.p95_ms:.1f} | {result.p99_ms:.1f} | {result.non_2xx}{errors} | "
            f"{row.queries} | {max(row.rss_mib, default=0):.0f} / {sum(row.rss_mib):.0f} | "
            f"{row.ratio:.0%} | {goals(row, cached=cached)} |"
        )
    return lines


def report(facts, uncached, cached, args, options) -> str:
    lines = [
        f"Run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC:",
        "",
        f"    {harness.command_line()}",
        "",
        *(f"- {name}: {value}" for name, value in facts),
        f"- Server: {options.describe()}; Redis cache (a fresh key prefix per start).",
        f"- wrk: `-t{args.threads} -c{args.connections} -d{args.duration} --latency` with "
        f"bench/wrk/stats.lua, after a {args.warmup} warm-up of the same URL, from the same "
        "machine (wrk shares the 2 cores with gunicorn and the database).",
        "- SQL queries: one request counted in-process with the test client and "
        "CaptureQueriesContext against the same database (after one warm-up request).",
        "- Goals: uncached film page >= 40% of the minimal view's req/s; cached pages >= "
        "90%; p95 < 50 ms at 16 connections. The minimal view goes through every "
        "middleware, the page cache included; it is measured first and last in each "
        "server start, and the ratio is to the mean of both runs.",
        "",
        "Page cache off (`DJANGO_PAGE_CACHE_SECONDS=0`), queries with the cache off:",
        "",
        *table(uncached, cached=False),
        "",
        "Page cache on and warm (production default), queries on a cache hit "
        "(search is never cached):",
        "",
        *table(cached, cached=True),
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    harness.add_server_arguments(parser)
    parser.add_argument("--duration", default="10s", help="wrk -d per URL (default 10s)")
    parser.add_argument("--warmup", default="2s", help="wrk run before each measured one")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--search-word", default="film")
    return harness.run_in_workdir("bench-http-", parser.parse_args(), run)


def run(args, workdir: Path) -> int:
    uncached_options = harness.server_options(args, workdir, page_cache_seconds=0)
    cached_options = harness.server_options(args, workdir)
    cached_env = harness.production_env(cached_options)
    print(f"Collecting static files into {cached_options.static_root} ...", file=sys.stderr)
    harness.collect_static(cached_env)

    os.environ.update(cached_env)
    import django

    django.setup()
    from bench import url_picks

    load_before = harness.load_average()
    pages = url_picks.benchmark_pages(args.search_word)
    print("Counting SQL queries in-process ...", file=sys.stderr)
    counts = [url_picks.query_counts(path) for _, path in pages]
    facts = [
        *harness.machine_facts(args.redis_url),
        ("Database", url_picks.database_facts()),
    ]
    print("Page cache off:", file=sys.stderr)
    uncached = measure_mode(
        uncached_options,
        harness.production_env(uncached_options),
        pages,
        [off for off, _ in counts],
        args,
        workdir / "gunicorn-uncached.log",
    )
    print("Page cache on:", file=sys.stderr)
    cached = measure_mode(
        cached_options,
        cached_env,
        pages,
        [warm for _, warm in counts],
        args,
        workdir / "gunicorn-cached.log",
    )
    facts.append(
        ("Load average (1/5/15 min)", f"before {load_before}, after {harness.load_average()}")
    )
    text = report(facts, uncached, cached, args, cached_options)
    print(text)
    if args.write_docs:
        print(f"Wrote {harness.write_docs(DOCS_SECTION, text)}", file=sys.stderr)
    failed = [
        row for row in uncached + cached if row.result.non_2xx or row.result.socket_error_count
    ]
    if failed:
        print("Some answers were not 2xx or hit socket errors: see the tables.", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
