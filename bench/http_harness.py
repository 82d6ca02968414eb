"""What bench/http_pages.py and bench/load_mixed.py share: gunicorn with production
settings, wrk with the Lua scripts in bench/wrk/, worker memory, and machine facts.

Nothing here imports Django, so the settings can be put in the environment first.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WRK_SCRIPTS = REPO / "bench" / "wrk"
BIN = Path(sys.executable).parent

# gunicorn for 2 cores that wrk and the database share: 2 worker processes per core so
# one is always ready to run while another waits on PostgreSQL or Redis, and 2 threads
# each to overlap that wait inside a process too (the GIL is released during I/O).
# gthread also keeps connections alive, as a proxy in front would; sync workers close
# every connection, so wrk would mostly measure TCP set-up. More processes only add
# context switches on 2 cores.
WORKERS = 4
WORKER_CLASS = "gthread"
THREADS = 2
# Far above anything one wrk client reaches, so the limiter never answers instead of
# the page. load_mixed.py checks the production limits separately.
RAISED_RATE_LIMIT = "1000000/m"
RATE_LIMITS = ("SEARCH_RATE_LIMIT", "API_RATE_LIMIT", "RENDER_RATE_LIMIT")
SOCKET_ERRORS = ("connect", "read", "write", "timeout")


@dataclass
class ServerOptions:
    database_url: str
    redis_url: str
    static_root: Path
    page_cache_seconds: int | None = None  # None: the production default
    raise_rate_limits: bool = True
    workers: int = WORKERS
    worker_class: str = WORKER_CLASS
    threads: int = THREADS
    key_prefix: str = field(default_factory=lambda: f"bench-{secrets.token_hex(4)}")

    def describe(self) -> str:
        limits = (
            f"rate limits raised to {RAISED_RATE_LIMIT} (SEARCH_, API_, RENDER_RATE_LIMIT)"
            if self.raise_rate_limits
            else "rate limits at their production defaults"
        )
        cache = (
            "page cache at its production default"
            if self.page_cache_seconds is None
            else f"DJANGO_PAGE_CACHE_SECONDS={self.page_cache_seconds}"
        )
        return (
            f"gunicorn {self.workers} x {self.worker_class} workers, {self.threads} threads; "
            f"DJANGO_DEBUG=0, {cache}, {limits}"
        )


def production_env(options: ServerOptions) -> dict[str, str]:
    """The environment of a production deployment on plain HTTP at 127.0.0.1."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_PAGE_CACHE_SECONDS", *RATE_LIMITS)
    }
    env.update(
        # Production settings plus the minimal view at /bench/minimal/ (bench/urls.py).
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-" + secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=options.database_url,
        REDIS_URL=options.redis_url,
        # A fresh prefix: no page or rate count from an earlier run is found.
        CACHE_KEY_PREFIX=options.key_prefix,
        DJANGO_STATIC_ROOT=str(options.static_root),
    )
    if options.page_cache_seconds is not None:
        env["DJANGO_PAGE_CACHE_SECONDS"] = str(options.page_cache_seconds)
    if options.raise_rate_limits:
        env.update(dict.fromkeys(RATE_LIMITS, RAISED_RATE_LIMIT))
    return env


def collect_static(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=REPO,
        env=env,
        check=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    base_url: str
    pid: int
    log_path: Path

    def worker_rss_mib(self) -> list[float]:
        return [rss_mib(pid) for pid in child_pids(self.pid)]

    def logged_tracebacks(self) -> int:
        return self.log_path.read_text(errors="replace").count("Traceback")


@contextlib.contextmanager
def gunicorn(options: ServerOptions, env: dict[str, str], log_path: Path):
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "reviews_site.wsgi",
        *("--bind", f"127.0.0.1:{port}"),
        *("--workers", str(options.workers), "--worker-class", options.worker_class),
        *("--threads", str(options.threads)),
        *("--no-control-socket", "--log-level", "warning", "--error-logfile", "-"),
    ]
    # gunicorn's and Django's logs (tracebacks, one line per 4xx) both go to stderr.
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
    server = Server(base_url=f"http://127.0.0.1:{port}", pid=process.pid, log_path=log_path)
    try:
        wait_until_healthy(server, process)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_healthy(server: Server, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {server.log_path}")
        with (
            contextlib.suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(server.base_url + "/healthz", timeout=5) as response,
        ):
            if response.status == 200 and child_pids(server.pid):
                return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer /healthz within {seconds:.0f} s")


def child_pids(parent: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # The command name (field 2) may hold spaces; the parent pid follows ")".
            after_name = stat.read_text().rsplit(")", 1)[1].split()
            if int(after_name[1]) == parent:
                children.append(int(stat.parent.name))
    return sorted(children)


def rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024


# wrk


@dataclass
class WrkResult:
    requests: int
    duration_s: float
    bytes: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    status: dict[str, int]
    socket_errors: dict[str, int]

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def non_2xx(self) -> int:
        return sum(self.status.get(name, 0) for name in ("3xx", "4xx", "5xx", "other"))

    @property
    def server_errors(self) -> int:
        return self.status.get("5xx", 0)

    @property
    def socket_error_count(self) -> int:
        return sum(self.socket_errors.values())


def parse_wrk_output(text: str) -> WrkResult:
    """Read the WRK_RESULT line that bench/wrk/stats.lua prints at the end of a run."""
    lines = [line for line in text.splitlines() if line.startswith("WRK_RESULT ")]
    if not lines:
        raise ValueError("no WRK_RESULT line: was wrk run with bench/wrk/stats.lua?")
    data = json.loads(lines[-1].removeprefix("WRK_RESULT "))
    latency = data["latency_us"]
    return WrkResult(
        requests=data["requests"],
        duration_s=data["duration_us"] / 1e6,
        bytes=data["bytes"],
        p50_ms=latency["p50"] / 1000,
        p95_ms=latency["p95"] / 1000,
        p99_ms=latency["p99"] / 1000,
        mean_ms=latency["mean"] / 1000,
        max_ms=latency["max"] / 1000,
        status=data["status"],
        socket_errors={name: data["errors"][name] for name in SOCKET_ERRORS},
    )


def wrk_command(
    url: str,
    *,
    connections: int,
    duration: str,
    threads: int = 2,
    timeout: str = "10s",
    paths_file: Path | None = None,
    headers: tuple[str, ...] = (),
) -> list[str]:
    script = WRK_SCRIPTS / ("mixed.lua" if paths_file else "stats.lua")
    command = [
        shutil.which("wrk") or "wrk",
        *(f"-t{threads}", f"-c{connections}", f"-d{duration}", f"--timeout={timeout}"),
        *(option for header in headers for option in ("-H", header)),
        *("--latency", "-s", str(script), url),
    ]
    if paths_file:
        command += ["--", str(paths_file)]
    return command


def start_wrk(url: str, **options) -> subprocess.Popen:
    return subprocess.Popen(
        wrk_command(url, **options), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def finish_wrk(process: subprocess.Popen) -> WrkResult:
    output, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{output}")
    return parse_wrk_output(output)


def run_wrk(url: str, **options) -> WrkResult:
    return finish_wrk(start_wrk(url, **options))


# Facts for the report


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gib() -> str:
    with contextlib.suppress(OSError):
        total = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        return f"{int(total.group(1)) / 1024 / 1024:.0f} GiB"
    return "unknown"


def tool_versions(redis_url: str) -> str:
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("[")[0]
    gunicorn_version = subprocess.run(
        [str(BIN / "gunicorn"), "--version"], capture_output=True, text=True
    ).stdout.strip()
    try:
        import redis

        redis_version = "Redis " + redis.Redis.from_url(redis_url).info("server")["redis_version"]
    except Exception as error:  # the report says so rather than failing the run
        redis_version = f"Redis unknown ({error})"
    return f"Python {platform.python_version()}, {gunicorn_version}, {wrk.strip()}, {redis_version}"


def machine_facts(redis_url: str) -> list[tuple[str, str]]:
    return [
        ("CPU", f"{cpu_model()}, {os.cpu_count()} cores, {memory_gib()} memory"),
        ("Versions", tool_versions(redis_url)),
    ]


def command_line() -> str:
    return " ".join([".venv/bin/python", *sys.argv])


def replace_docs_section(text: str, name: str, body: str) -> str:
    """Replace what lies between <!-- name:start --> and <!-- name:end -->."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise ValueError(f"docs/performance.md has no {start} ... {end} section")
    return pattern.sub(lambda _: f"{start}\n{body.strip()}\n{end}", text)


def write_docs(name: str, body: str) -> Path:
    path = REPO / "docs" / "performance.md"
    path.write_text(replace_docs_section(path.read_text(), name, body))
    return path


def add_server_arguments(parser) -> None:
    """The options both scripts share: where the data is, and how gunicorn runs."""
    parser.add_argument("--database-url", required=True, help="the database to read")
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--worker-class", default=WORKER_CLASS)
    parser.add_argument("--worker-threads", type=int, default=THREADS)
    parser.add_argument("--static-root", type=Path, help="default: a temporary folder")
    parser.add_argument(
        "--write-docs", action="store_true", help="replace the results in docs/performance.md"
    )


def server_options(args, workdir: Path, **overrides) -> ServerOptions:
    return ServerOptions(
        database_url=args.database_url,
        redis_url=args.redis_url,
        static_root=args.static_root or workdir / "static",
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.worker_threads,
        **overrides,
    )


def run_in_workdir(prefix: str, args, run) -> int:
    """run(args, workdir) in a fresh temporary folder; its gunicorn logs are kept."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        return run(args, workdir)
    finally:
        # The collected static files (30 MB) go; the gunicorn logs stay for a look.
        if not args.static_root:
            shutil.rmtree(workdir / "static", ignore_errors=True)
        print(f"gunicorn logs: {workdir}", file=sys.stderr)
