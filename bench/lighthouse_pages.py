"""Lighthouse (mobile profile) on the four pages people open on a phone: the public survey, the sign-in
page, a unit's home page and a unit's report page (task 1 of Công văn 345, with its SIPAS list).

    (cd ops/lighthouse && npm ci)          # once: Lighthouse 12.2.3, pinned in package-lock.json
    .venv/bin/python bench/lighthouse_pages.py [--runs 3]     # the figures
    .venv/bin/python bench/lighthouse_pages.py --check        # CI: the parts that do not depend on timing

It re-creates the PostgreSQL database cchc_lighthouse (Công văn 345, demo accounts and reports, SIPAS
demo figures), collects the static files, starts gunicorn with the production settings on
127.0.0.1:8102 (whitenoise serves the static files) and runs Lighthouse's default mobile profile
(simulated slow 4G, a mid-range phone's CPU) against Debian's Chromium with the flags of
conftest.CHROMIUM_ARGS, each page on a first visit (empty cache; the signed-in pages send the session
cookie as a header). It prints, per page, the bytes transferred (compressed, headers included, as
Lighthouse counts them), the number of requests, and the performance and accessibility scores (the
median of --runs runs).

--check fails (exit 1) when a page transfers more than --max-bytes (50 KiB) or scores below 100 for
accessibility, naming the audits that failed. The performance score depends on the machine's load, so
it is printed, never checked.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_run import production_env, signed_in_sessions, wait_until_up
from conftest import CHROMIUM_ARGS, CHROMIUM_PATH
from ops.scratch import BIN, REPO, manage, pg_fresh_database, start, stop

LIGHTHOUSE = REPO / "ops" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_ATTEMPTS = 3
UNIT = "xa-ban-bo"  # a commune with demo reports; its head's account has the unit's code


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="cchc_lighthouse")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; the scores are their median")
    parser.add_argument("--max-bytes", type=int, default=50 * 1024)
    parser.add_argument("--check", action="store_true", help="fail on weight or accessibility (not on performance)")
    parser.add_argument("--out", default=str(REPO / "var" / "lighthouse"))
    return parser.parse_args()


def pages_to_measure() -> list[tuple[str, str, str | None]]:
    """(name, path, username or None) of the four pages, with the demo data's real objects."""
    from directives.models import ProgressReport

    report = (
        ProgressReport.objects.filter(assignment__unit__code=UNIT, assignment__task__number=1)
        .order_by("-period__due_date")
        .values_list("pk", flat=True)
        .first()
    )
    return [
        ("survey", f"/survey/{UNIT}/", None),
        ("sign-in", "/accounts/login/", None),
        ("unit home", "/", UNIT),
        ("unit report", f"/directives/reports/{report}/", UNIT),
    ]


def lighthouse(url: str, *, cookie: str | None, out: Path) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility",
        "--chrome-flags=" + " ".join(["--headless=new", *CHROMIUM_ARGS]),
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    # Lighthouse itself sometimes fails to record Chromium's trace (NO_NAVSTART, "Please run
    # Lighthouse again"): that says nothing about the page, so such a run is tried again, twice at most.
    for attempt in range(1, LIGHTHOUSE_ATTEMPTS + 1):
        done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM_PATH}, timeout=180)
        if done.returncode == 0:
            return json.loads(out.read_text())
        print(f"lighthouse exited with {done.returncode} on {url} (attempt {attempt} of {LIGHTHOUSE_ATTEMPTS})")
    raise SystemExit(f"lighthouse failed {LIGHTHOUSE_ATTEMPTS} times on {url}")


def _short(url: str) -> str:
    return "(data: URL in the style sheet)" if url.startswith("data:") else "/" + url.split("/", 3)[-1]


def summary(report: dict) -> dict:
    requests = report["audits"]["network-requests"]["details"]["items"]
    failed = [
        audit_id
        for ref in report["categories"]["accessibility"]["auditRefs"]
        if ref["weight"] and report["audits"][(audit_id := ref["id"])]["score"] not in (None, 1)
    ]
    return {
        "bytes": int(report["audits"]["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "files": [(_short(item["url"]), item["transferSize"]) for item in requests],
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "failed_accessibility_audits": failed,
        "fcp_ms": round(report["audits"]["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(report["audits"]["largest-contentful-paint"]["numericValue"]),
    }


def main() -> int:
    args = parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run (cd ops/lighthouse && npm ci)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    env = production_env(database_url=f"{args.pg}/{args.database}", redis_url=args.redis) | {"CACHE_URL": args.redis}
    pg_fresh_database(server_url=args.pg, name=args.database, env=env)
    manage("seed_sipas", env=env)
    manage("seed_sipas", "--demo", "--force", env=env)
    manage("collectstatic", "--noinput", "--clear", env=env)

    os.environ.update(env)
    import django

    django.setup()
    pages = pages_to_measure()
    sessions = signed_in_sessions([UNIT])

    web = start(
        [str(BIN / "gunicorn"), "-c", "ops/gunicorn.conf.py", "tamduong_cchc.wsgi"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{args.port}", "WEB_CONCURRENCY": "2"},
        log=out / "gunicorn.log",
    )
    results = {}
    try:
        host = f"http://127.0.0.1:{args.port}"
        wait_until_up(f"{host}/accounts/login/")
        for name, path, user in pages:
            cookie = f"sessionid={sessions[user]}" if user else None
            runs = [
                summary(lighthouse(host + path, cookie=cookie, out=out / f"{name.replace(' ', '-')}-{run}.json"))
                for run in range(args.runs)
            ]
            results[name] = runs[-1] | {
                "path": path,
                "performance": statistics.median(run["performance"] for run in runs),
                "accessibility": min(run["accessibility"] for run in runs),
                "bytes": max(run["bytes"] for run in runs),
            }
    finally:
        stop(web)

    print(
        f"{'page':<12} {'path':<26} {'bytes':>6} {'KiB':>5} {'requests':>8} {'perf':>4} {'a11y':>4} {'FCP ms':>6} {'LCP ms':>6}"
    )
    for name, r in results.items():
        print(
            f"{name:<12} {r['path']:<26} {r['bytes']:>6} {r['bytes'] / 1024:>5.1f} {r['requests']:>8} "
            f"{r['performance']:>4g} {r['accessibility']:>4} {r['fcp_ms']:>6} {r['lcp_ms']:>6}"
        )
        for file, size in r["files"]:
            print(f"    {size:>6}  {file}")
    (out / "summary.json").write_text(json.dumps(results, indent=2))

    problems = [
        f"{name}: {r['bytes']} bytes > {args.max_bytes}" for name, r in results.items() if r["bytes"] > args.max_bytes
    ] + [
        f"{name}: accessibility {r['accessibility']} (failed: {', '.join(r['failed_accessibility_audits'])})"
        for name, r in results.items()
        if r["accessibility"] < 100
    ]
    for problem in problems:
        print("FAIL", problem)
    if args.check:
        print("RESULT", "failed" if problems else "passed", f"({len(results)} pages; performance is reported, not checked)")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
