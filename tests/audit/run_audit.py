"""Run the external judges on the public site and fail below the bars of issue 4.

    python tests/audit/run_audit.py                 # serve the seed data with gunicorn, then audit
    python tests/audit/run_audit.py --base-url URL  # audit a server that is already running

Judges (installed by `npm ci --prefix tests/audit`; Chromium is Debian's /usr/bin/chromium):
- Lighthouse: performance, accessibility, best practices and SEO >= 95 on the home,
  film, review and critic pages (mobile emulation, simulated throttling: its defaults).
- axe-core, in Playwright: zero violations, in light and dark colour schemes, on
  those pages and the other public pages; no Content Security Policy violations.
- Nu HTML checker (vnu-jar): zero errors on the same pages.

Results go to test-artifacts/audit/ (summary.json, Lighthouse reports, screenshots).
"""

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AUDIT_DIR = Path(__file__).resolve().parent
NODE_MODULES = AUDIT_DIR / "node_modules"
ARTIFACTS = ROOT / "test-artifacts" / "audit"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LIGHTHOUSE_BAR = 0.95
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

# Seed data paths (fixtures/seed_*.json): review 1 is James Porter's.
LIGHTHOUSE_PAGES = {
    "home": "/",
    "film": "/films/la-la-land/",
    "review": "/reviews/1/",
    "critic": "/critics/james-porter/",
}
OTHER_PAGES = {
    "films": "/films/?sort=title",
    "critics": "/critics/",
    "news": "/news/",
    "article": "/news/la-la-land-featurette-behind-the-scenes/",
    "tag": "/tags/musical/",
    "tags": "/tags/",
    "publications": "/publications/",
    "person": "/films/people/damien-chazelle/",
    "search": "/search/?q=la+land",
    "score-receipt": "/films/la-la-land/score/",
    "method": "/method/",
    "not-found": "/films/no-such-film/",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def seed_server():
    """gunicorn with production-like settings over a throwaway SQLite database of the seed."""
    workdir = Path(tempfile.mkdtemp(prefix="audit-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "audit-only-" + "x" * 50,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{workdir / 'audit.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
    }
    python = sys.executable
    for command in (
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["migrate", "--noinput", "--verbosity", "0"],
        ["load_seed_data", "--verbosity", "0"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)
    gunicorn = Path(python).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "reviews_site.wsgi",
            *("-b", f"127.0.0.1:{port}", "-w", "2"),
            *("--no-control-socket", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base_url + "/robots.txt", timeout=1)
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


# Lighthouse sometimes fails to record a page load at all (NO_NAVSTART and similar
# trace errors, exit status 1, no report). That is the tool crashing, not a score:
# such a run is retried; a report with low scores is never retried.
LIGHTHOUSE_ATTEMPTS = 3


def run_lighthouse(base_url: str) -> dict:
    results = {}
    for name, path in LIGHTHOUSE_PAGES.items():
        report = ARTIFACTS / f"lighthouse-{name}.json"
        for attempt in range(1, LIGHTHOUSE_ATTEMPTS + 1):
            report.unlink(missing_ok=True)
            if _lighthouse_once(base_url + path, report):
                break
            print(f"Lighthouse crashed on {path} (attempt {attempt}); retrying", flush=True)
        else:
            raise RuntimeError(f"Lighthouse crashed {LIGHTHOUSE_ATTEMPTS} times on {path}")
        categories = json.loads(report.read_text())["categories"]
        results[name] = {key: categories[key]["score"] for key in LIGHTHOUSE_CATEGORIES}
    return results


def _lighthouse_once(url: str, report: Path) -> bool:
    profile = tempfile.mkdtemp(prefix="lh-profile-")
    flags = " ".join(["--headless", *CHROME_FLAGS, f"--user-data-dir={profile}"])
    try:
        finished = subprocess.run(
            [
                str(NODE_MODULES / ".bin" / "lighthouse"),
                url,
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                f"--chrome-flags={flags}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return finished.returncode == 0 and report.exists()


def run_axe(base_url: str, pages: dict[str, str]) -> dict:
    from playwright.sync_api import sync_playwright

    axe_source = (NODE_MODULES / "axe-core" / "axe.min.js").read_text()
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_FLAGS)
        for scheme in ("light", "dark"):
            context = browser.new_context(
                color_scheme=scheme, viewport={"width": 360, "height": 800}
            )
            for name, path in pages.items():
                page = context.new_page()
                csp_errors = []
                page.on(
                    "console",
                    lambda message, errors=csp_errors: (
                        errors.append(message.text)
                        if "Content Security Policy" in message.text
                        else None
                    ),
                )
                page.goto(base_url + path, wait_until="load")
                # add_script_tag would be blocked by our CSP; evaluate() is not.
                page.evaluate(axe_source)
                outcome = page.evaluate("() => axe.run()")
                violations = [
                    {
                        "id": v["id"],
                        "impact": v["impact"],
                        "help": v["help"],
                        "targets": [node["target"] for node in v["nodes"]][:5],
                    }
                    for v in outcome["violations"]
                ]
                if scheme == "light":
                    page.screenshot(path=ARTIFACTS / f"{name}-360.png", full_page=True)
                results[f"{name} ({scheme})"] = {"violations": violations, "csp": csp_errors}
                page.close()
            context.close()
        browser.close()
    return results


def run_vnu(base_url: str, pages: dict[str, str]) -> dict:
    command = [
        "java",
        "-Dnu.validator.servlet.allow-forbidden-hosts=true",
        "-jar",
        str(NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"),
        "--format",
        "json",
        *[base_url + path for path in pages.values()],
    ]
    # vnu reports on stderr and exits 1 when it finds errors.
    completed = subprocess.run(command, capture_output=True, text=True)
    messages = json.loads(completed.stderr or '{"messages": []}')["messages"]
    by_url = {base_url + path: name for name, path in pages.items()}
    results = {name: [] for name in pages}
    for message in messages:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            name = by_url.get(message.get("url"), message.get("url"))
            results.setdefault(name, []).append(
                f"line {message.get('lastLine')}: {message.get('message')}"
            )
    return results


def audit(base_url: str) -> bool:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    all_pages = {**LIGHTHOUSE_PAGES, **OTHER_PAGES}
    lighthouse = run_lighthouse(base_url)
    axe = run_axe(base_url, all_pages)
    vnu = run_vnu(base_url, all_pages)
    (ARTIFACTS / "summary.json").write_text(
        json.dumps({"lighthouse": lighthouse, "axe": axe, "vnu": vnu}, indent=2)
    )
    failures = []
    print(f"\nLighthouse (bar {LIGHTHOUSE_BAR:.0%}):")
    for name, scores in lighthouse.items():
        print(f"  {name:8}" + "  ".join(f"{k} {round(v * 100)}" for k, v in scores.items()))
        failures += [f"Lighthouse {name} {k} {v}" for k, v in scores.items() if v < LIGHTHOUSE_BAR]
    print("axe-core (light and dark, 360px wide):")
    for name, outcome in axe.items():
        print(f"  {name:20} {len(outcome['violations'])} violations, {len(outcome['csp'])} CSP")
        failures += [f"axe {name}: {v['id']} {v['targets']}" for v in outcome["violations"]]
        failures += [f"CSP {name}: {text}" for text in outcome["csp"]]
    print("Nu HTML checker:")
    for name, errors in vnu.items():
        print(f"  {name:12} {len(errors)} errors")
        failures += [f"vnu {name}: {error}" for error in errors]
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
    else:
        print("\nAll judges pass.")
    return not failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="audit this running server instead of starting one")
    args = parser.parse_args()
    if not (NODE_MODULES / ".bin" / "lighthouse").exists():
        print("Install the judges first: npm ci --prefix tests/audit", file=sys.stderr)
        return 2
    if args.base_url:
        return 0 if audit(args.base_url.rstrip("/")) else 1
    with seed_server() as base_url:
        return 0 if audit(base_url) else 1


if __name__ == "__main__":
    sys.exit(main())
