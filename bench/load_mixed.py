"""Load test: 64 connections for 60 s of mixed public pages, search and API under gunicorn.

    .venv/bin/python bench/load_mixed.py \\
        --database-url postgres://postgres@127.0.0.1:5432/reviews_full \\
        --redis-url redis://127.0.0.1:6379/7 [--duration 60s] [--write-docs]

Production settings as in bench/http_pages.py (page cache at its default), with the
search and API rate limits raised: every request comes from one address, which the
production limits (30 and 120 a minute) would refuse almost at once. A second, short
run against a server with the production limits checks that the limiter answers
429, never 5xx, under load.

The URL set (bench/url_picks.py, --films films; lists at many depths, film, review,
critic, publication and tag pages, search, every API endpoint) is first rendered
in-process, so a bad pick is named rather than counted as a 404. wrk rotates
through it with bench/wrk/mixed.lua. Worker memory is read after a --warmup run,
halfway through and at the end.

Exits 1 if any answer was 5xx or not 2xx, wrk saw a socket error (connect, read,
write or timeout), or the limiter check failed; 2 if a picked URL is bad.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import http_harness as harness

DOCS_SECTION = "load-mixed"
FLAT_MEMORY_GROWTH = 0.10
UNITS = {"": 1, "s": 1, "m": 60, "h": 3600}


def seconds(duration: str) -> float:
    """wrk's duration syntax: 60, 60s, 2m, 1h."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smh]?)", duration.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {duration!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


@dataclass
class Memory:
    start: list[float]
    middle: list[float]
    end: list[float]

    @property
    def growth(self) -> float:
        return sum(self.end) / sum(self.start) - 1 if sum(self.start) else 0.0

    @property
    def flat(self) -> bool:
        return self.growth < FLAT_MEMORY_GROWTH


def load_failures(result: harness.WrkResult) -> list[str]:
    """Why the mixed run fails as a check: any 5xx, other non-2xx, or socket error."""
    failures = []
    if result.server_errors:
        failures.append(f"{result.server_errors} answers were 5xx")
    other = result.non_2xx - result.server_errors
    if other:
        failures.append(f"{other} answers were neither 2xx nor 5xx ({result.status})")
    if result.socket_error_count:
        failures.append(f"wrk saw socket errors: {result.socket_errors}")
    if not result.requests:
        failures.append("no request was answered")
    return failures


def limiter_failures(result: harness.WrkResult) -> list[str]:
    """The production limiter must refuse with 429 under load, and never fail."""
    failures = []
    if not result.status.get("2xx"):
        failures.append("no 2xx answer: the rate limiter refused everything")
    if not result.status.get("429"):
        failures.append("no 429 answer: the rate limiter did not refuse anything")
    if result.server_errors:
        failures.append(f"the limiter check had {result.server_errors} 5xx answers")
    if result.socket_error_count:
        failures.append(f"the limiter check saw socket errors: {result.socket_errors}")
    return failures


def run_load(options, env, paths_file, args, log_path):
    with harness.gunicorn(options, env, log_path) as server:
        wrk = {"threads": args.threads, "timeout": args.timeout, "paths_file": paths_file}
        harness.run_wrk(server.base_url, connections=args.connections, duration=args.warmup, **wrk)
        start = server.worker_rss_mib()
        process = harness.start_wrk(
            server.base_url, connections=args.connections, duration=args.duration, **wrk
        )
        time.sleep(seconds(args.duration) / 2)
        middle = server.worker_rss_mib()
        result = harness.finish_wrk(process)
        memory = Memory(start, middle, server.worker_rss_mib())
        return result, memory, server.logged_tracebacks()


def run_limiter_check(options, env, paths_file, args, log_path):
    with harness.gunicorn(options, env, log_path) as server:
        return harness.run_wrk(
            server.base_url,
            connections=16,
            duration=args.limiter_duration,
            threads=args.threads,
            timeout=args.timeout,
            paths_file=paths_file,
        )


def mib(values: list[float]) -> str:
    return f"{sum(values):.0f} MiB ({', '.join(f'{value:.0f}' for value in values)})"


def report(facts, paths, result, memory, tracebacks, limiter, failures, args, options) -> str:
    status = result.status
    lines = [
        f"Run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC:",
        "",
        f"    {harness.command_line()}",
        "",
        *(f"- {name}: {value}" for name, value in facts),
        f"- Server: {options.describe()}; Redis cache (a fresh key prefix per start).",
        f"- Load: wrk `-t{args.threads} -c{args.connections} -d{args.duration} "
        f"--timeout {args.timeout}` with bench/wrk/mixed.lua over {len(paths)} paths "
        f"({sum(p.startswith('/api/') for p in paths)} API, "
        f"{sum(p.startswith('/search/') for p in paths)} search, the rest pages), after a "
        f"{args.warmup} warm-up run; every path answered 200 in-process beforehand.",
        "",
        "| Measure | Result |",
        "| --- | ---: |",
        f"| Requests | {result.requests:,} |",
        f"| Requests/s | {result.rps:,.0f} |",
        f"| Latency p50 / p95 / p99 | {result.p50_ms:.1f} / {result.p95_ms:.1f} / "
        f"{result.p99_ms:.1f} ms |",
        f"| 5xx answers (must be 0) | {status.get('5xx', 0)} |",
        f"| Other non-2xx answers (must be 0) | {result.non_2xx - result.server_errors} "
        f"(404: {status.get('404', 0)}, 429: {status.get('429', 0)}) |",
        "| Socket errors: connect / read / write / timeout (must be 0) | "
        + " / ".join(str(result.socket_errors[name]) for name in harness.SOCKET_ERRORS)
        + " |",
        f"| Tracebacks in the gunicorn log | {tracebacks} |",
        f"| Worker RSS after warm-up | {mib(memory.start)} |",
        f"| Worker RSS at {seconds(args.duration) / 2:.0f} s | {mib(memory.middle)} |",
        f"| Worker RSS at the end | {mib(memory.end)} |",
        f"| Memory growth, warm-up to end (flat: < 10%) | {memory.growth:+.1%} "
        f"({'flat' if memory.flat else 'NOT flat'}) |",
        "",
        f"Rate limiter at its production defaults (30/m search, 120/m API), wrk -c16 "
        f"-d{args.limiter_duration} over a few search and API paths: "
        f"{limiter.requests:,} answers, {limiter.status.get('2xx', 0):,} 2xx, "
        f"{limiter.status.get('429', 0):,} 429, {limiter.server_errors} 5xx, "
        f"{limiter.socket_error_count} socket errors.",
        "",
        "Verdict: " + ("pass." if not failures else "FAIL: " + "; ".join(failures) + "."),
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    harness.add_server_arguments(parser)
    parser.add_argument("--duration", default="60s")
    parser.add_argument("--warmup", default="10s", help="wrk run before memory is first read")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--timeout", default="10s", help="wrk --timeout: slower is an error")
    parser.add_argument("--films", type=int, default=400, help="films in the URL set")
    parser.add_argument("--limiter-duration", default="10s")
    parser.add_argument(
        "--page-cache-seconds", type=int, help="default: production's (600); 0 turns it off"
    )
    return harness.run_in_workdir("bench-load-", parser.parse_args(), run)


def run(args, workdir: Path) -> int:
    options = harness.server_options(args, workdir, page_cache_seconds=args.page_cache_seconds)
    limited = harness.server_options(
        args, workdir, page_cache_seconds=args.page_cache_seconds, raise_rate_limits=False
    )
    env = harness.production_env(options)
    print(f"Collecting static files into {options.static_root} ...", file=sys.stderr)
    harness.collect_static(env)

    os.environ.update(env)
    import django

    django.setup()
    from bench import url_picks

    load_before = harness.load_average()
    paths = url_picks.mixed_paths(films=args.films)
    print(f"Checking {len(paths)} paths in-process ...", file=sys.stderr)
    bad = url_picks.failing_paths(paths)
    if bad:
        for path, status in bad:
            print(f"  {path} answered {status}", file=sys.stderr)
        return 2
    paths_file = workdir / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    limiter_file = workdir / "limited-paths.txt"
    limiter_file.write_text("\n".join(url_picks.limiter_paths()) + "\n")
    facts = [
        *harness.machine_facts(args.redis_url),
        ("Database", url_picks.database_facts()),
    ]

    print(f"Load: {args.connections} connections for {args.duration} ...", file=sys.stderr)
    result, memory, tracebacks = run_load(
        options, env, paths_file, args, workdir / "gunicorn-load.log"
    )
    print("Rate limiter check at production limits ...", file=sys.stderr)
    limiter = run_limiter_check(
        limited,
        harness.production_env(limited),
        limiter_file,
        args,
        workdir / "gunicorn-limits.log",
    )
    facts.append(
        ("Load average (1/5/15 min)", f"before {load_before}, after {harness.load_average()}")
    )
    failures = load_failures(result) + limiter_failures(limiter)
    text = report(facts, paths, result, memory, tracebacks, limiter, failures, args, options)
    print(text)
    if args.write_docs:
        print(f"Wrote {harness.write_docs(DOCS_SECTION, text)}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
