"""Load test: gunicorn (production settings, whitenoise) + PostgreSQL, 50 locust users for 60 s.

    python3 -m venv .venv-bench && .venv-bench/bin/pip install -r bench/requirements.txt   # once
    .venv/bin/python bench/load_run.py [--users 50] [--seconds 60] [--workers 5]
    .venv/bin/python bench/load_run.py --national --database cchc_bench_national_load   # 3,321 recipient units

It re-creates the PostgreSQL database cchc_bench from a template seeded with seed_cv345 + seed_demo,
collects the static files, starts gunicorn on 127.0.0.1:8101, runs bench/locustfile.py headless
and prints each page's request count, failures, median and 95th percentile, then the totals.
The figures cover --seconds at full load: locust first starts the users (--spawn-rate a second,
10 s for 50), which also warms each gunicorn process (templates, translations), then resets its
statistics (--reset-stats) and measures. A cold server is slower for its first requests.
Exit status 0 when there is no failure and the overall p95 is under --p95-target milliseconds.
"""

import argparse
import csv
import json
import math
import os
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ops.scratch import BIN, REPO, manage, pg_fresh_database, start, stop


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="cchc_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() + 2, help="gunicorn workers (default: cores + 2, as ops/gunicorn.conf.py)"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--p95-target", type=float, default=500)
    parser.add_argument("--locust", default=str(REPO / ".venv-bench" / "bin" / "locust"))
    parser.add_argument("--out", default=str(REPO / "var" / "bench"))
    parser.add_argument(
        "--national",
        action="store_true",
        help=f"first give Công văn 345 {NATIONAL_UNITS:,} recipient units (a ministry's case), each with its reports",
    )
    return parser.parse_args()


# A ministry following one directive in every commune-level unit of the country.
NATIONAL_UNITS = 3321


def national_grow(*, directive_id: int) -> None:
    """Add commune units until the directive has ``NATIONAL_UNITS`` recipients, assigned every task, with their reports.

    Created through the directives' own set-up service (``directive_sync_reports``): untouched drafts,
    so the extra units are due or overdue like a unit that has not reported yet.
    """
    from directives.models import Assignment, Directive, Task
    from directives.services import directive_sync_reports
    from units.collation import vietnamese_sort_key
    from units.models import KIND_ORDER, Unit, UnitKind

    started = time.perf_counter()
    directive = Directive.objects.get(pk=directive_id)
    missing = NATIONAL_UNITS - Unit.objects.count()
    names = [f"UBND xã Thử tải {i:04d}" for i in range(missing)]
    units = Unit.objects.bulk_create(
        Unit(code=f"load-{i:04d}", name=name, short_name=name.removeprefix("UBND xã "), kind=UnitKind.COMMUNE,
             sort_key=vietnamese_sort_key(name), group_order=KIND_ORDER[UnitKind.COMMUNE])
        for i, name in enumerate(names)
    )  # fmt: skip
    tasks = list(Task.objects.filter(directive=directive).values_list("pk", flat=True))
    Assignment.objects.bulk_create([Assignment(task_id=t, unit_id=u.pk) for t in tasks for u in units], batch_size=5000)
    created = directive_sync_reports(directive=directive)
    print(f"national data: {missing:,} units and {created:,} reports added in {time.perf_counter() - started:.0f} s")


def production_env(*, database_url: str, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tamduong_cchc.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-" + "k3y" * 20,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_HTTPS": "0",  # plain HTTP on localhost; a real site sits behind TLS
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url,
        "LOG_LEVEL": "WARNING",
    }


def signed_in_sessions(usernames: list[str]) -> dict[str, str]:
    """A database session per user, as the sign-in form would leave it (users already at work)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    sessions = {}
    for user in get_user_model().objects.filter(username__in=usernames):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions[user.username] = store.session_key
    return sessions


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own local server)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not come up")


def main() -> int:
    args = parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    env = production_env(database_url=f"{args.pg}/{args.database}", redis_url=args.redis)
    pg_fresh_database(server_url=args.pg, name=args.database, env=env)
    manage("collectstatic", "--noinput", env=env)

    os.environ.update(env)
    import django

    django.setup()
    from django.db.models import F

    from directives.models import Directive
    from units.models import MemberRole, Membership

    directive_id = Directive.objects.get(number="345/UBND-NV").pk
    if args.national:
        national_grow(directive_id=directive_id)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would have done on a live database
    heads = Membership.objects.filter(role=MemberRole.HEAD, unit__code=F("user__username"))
    unit_codes = sorted(heads.values_list("user__username", flat=True))
    sessions_file = out / "sessions.json"
    sessions_file.write_text(json.dumps(signed_in_sessions([*unit_codes, "vanphong", "chutich"])))

    web = start(
        [str(BIN / "gunicorn"), "-c", "ops/gunicorn.conf.py", "tamduong_cchc.wsgi"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{args.port}", "WEB_CONCURRENCY": str(args.workers)},
        log=out / "gunicorn.log",
    )
    try:
        host = f"http://127.0.0.1:{args.port}"
        wait_until_up(f"{host}/accounts/login/")
        ramp = math.ceil(args.users / args.spawn_rate)  # not measured (see above)
        locust = start(
            [
                *(args.locust, "-f", "bench/locustfile.py", "--host", host, "--headless", "--only-summary"),
                *("-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.seconds + ramp}s", "--reset-stats"),
                *("--csv", str(out / "load")),
            ],
            env={
                **os.environ,
                "CCHC_UNIT_CODES": ",".join(unit_codes),
                "CCHC_DIRECTIVE_ID": str(directive_id),
                "CCHC_SESSIONS": str(sessions_file),
            },
            log=out / "locust.log",
        )
        locust.wait(timeout=args.seconds + ramp + 120)
    finally:
        stop(web)

    with (out / "load_stats.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"{'page':<22} {'requests':>8} {'failures':>8} {'median ms':>9} {'p95 ms':>7} {'req/s':>6}")
    for row in rows:
        print(
            f"{row['Name']:<22} {row['Request Count']:>8} {row['Failure Count']:>8} "
            f"{row['50%']:>9} {row['95%']:>7} {float(row['Requests/s']):>6.1f}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    failures, p95 = int(total["Failure Count"]), float(total["95%"])
    print(
        f"RESULT users={args.users} seconds={args.seconds} requests={total['Request Count']} failures={failures} p95={p95:.0f}ms"
    )
    return 0 if failures == 0 and p95 < args.p95_target else 1


if __name__ == "__main__":
    sys.exit(main())
