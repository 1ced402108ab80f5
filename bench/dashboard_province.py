"""Province- and national-scale benchmark of the dashboard, the summary, the exports and the district report (not a test).

Builds, in its own PostgreSQL database, one directive with 300 units × 60 tasks × 8 periods
(144,000 report rows, in every five-state status, with extensions and indicator values) and the
satisfaction data the summary shows (SIPAS structure, demo district and province results, and
--survey-per-quarter live-survey responses per unit and quarter over the last two years: 48,000
responses with five answers each by default, besides the demo seed's eight per unit), then times
the server side of each page in-process with Django's test client (median of --repeat runs after a
warm-up) and, for comparison, the Django admin's change list of progress reports on the same data.
``--national`` builds a ministry's case instead: 3,321 units × 6 tasks × 20 periods (398,520
report rows; a period holds about 20,000, as in the province case) with the same survey data per
unit, in a database of its own.

In the same rounds it times the raw-SQL floor: one plain ``GROUP BY unit, state`` over the shown
period, and the same over all the directive's periods, with the state written by the app's own rule
(``directives.selectors.reports_with_state``, its SQL taken from Django's query compiler, so the
floor follows the rule wherever it changes). Each page's median is then given as a multiple of each
floor. The pages and the floors are fetched in turn, one of each per round, so that a slow spell of
a shared machine weighs on every line alike. Peak Python memory of the exports is measured with
tracemalloc in a separate run.

    .venv/bin/python bench/dashboard_province.py                 # build (≈1–2 min) and measure
    .venv/bin/python bench/dashboard_province.py --reuse         # measure again on the built database
    .venv/bin/python bench/dashboard_province.py --reuse --query-times   # …and list each page's queries
    .venv/bin/python bench/dashboard_province.py --national      # 3,321 units × 6 tasks × 20 periods
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench_other .venv/bin/python bench/dashboard_province.py
"""

import argparse
import datetime
import gc
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from pgdb import recreate_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cchc_bench_dashboard"
NATIONAL_URL = "postgres://postgres@127.0.0.1:5432/cchc_bench_dashboard_national"
# A ministry following one directive in every commune-level unit: 6 tasks, quarterly for five years.
NATIONAL = {"units": 3321, "tasks": 6, "periods": 20}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--tasks", type=int, default=60)
    parser.add_argument("--periods", type=int, default=8)
    parser.add_argument("--survey-per-quarter", type=int, default=20, help="live-survey responses per unit and quarter")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per page (median reported)")
    parser.add_argument("--export-repeat", type=int, default=3, help="timed runs per export")
    parser.add_argument("--reuse", action="store_true", help="measure on the database built by an earlier run")
    parser.add_argument("--query-times", action="store_true", help="also list each query of the dashboard and summary, with ms")
    parser.add_argument(
        "--national",
        action="store_true",
        help="3,321 units × 6 tasks × 20 periods, in its own database (BENCH_DATABASE_URL overrides it)",
    )
    args = parser.parse_args()
    if args.national:
        vars(args).update(NATIONAL)
    return args


def quarters(count: int, today: datetime.date) -> list[tuple[str, datetime.date, datetime.date, datetime.date]]:
    """``count`` consecutive quarters placed so that three are still in the future (not yet due)."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    index = year * 4 + quarter - 1 - (count - 4)
    result = []
    for _ in range(count):
        y, q = divmod(index, 4)
        start = datetime.date(y, 3 * q + 1, 1)
        end = (datetime.date(y + (q == 3), (3 * q + 3) % 12 + 1, 1)) - datetime.timedelta(days=1)
        result.append((f"Quý {q + 1}/{y}", start, end, end.replace(day=15)))
        index += 1
    return result


def build(*, units: int, tasks: int, periods: int, survey_per_quarter: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from directives.models import Assignment, Directive, Indicator, ProgressReport, ReportingPeriod, Task
    from directives.services import (
        directive_sync_reports,
        indicator_totals_refresh,
        report_deadlines_refresh,
        report_state_tallies_refresh,
    )
    from satisfaction.demo import sipas_demo_seed
    from satisfaction.seeding import sipas_seed
    from satisfaction.services import survey_tallies_refresh
    from units.collation import vietnamese_sort_key
    from units.models import KIND_ORDER, DistrictRole, DistrictRoleKind, Unit, UnitKind

    started = time.perf_counter()
    kinds = [UnitKind.AGENCY, UnitKind.PUBLIC_SERVICE, UnitKind.COMMUNE, UnitKind.TOWN]
    unit_rows = []
    for i in range(units):
        kind = kinds[0] if i < units // 5 else kinds[1] if i < units // 4 else kinds[3] if i == units - 1 else kinds[2]
        name = f"UBND xã Thử nghiệm {i:03d}" if kind in (UnitKind.COMMUNE, UnitKind.TOWN) else f"Phòng Thử nghiệm {i:03d}"
        unit_rows.append(
            Unit(
                code=f"bench-{i:03d}",
                name=name,
                short_name=name.replace("UBND xã ", "").replace("Phòng ", ""),
                kind=kind,
                sort_key=vietnamese_sort_key(name),
                group_order=KIND_ORDER[kind],
            )
        )
    Unit.objects.bulk_create(unit_rows)
    directive = Directive.objects.create(
        number="345/UBND-NV",
        issue_date=datetime.date(2020, 3, 31),
        issuing_body="Ủy ban nhân dân huyện Tam Đường",
        signer_name="Người ký (benchmark)",
        signer_title="Chủ tịch",
        subject="V/v dữ liệu benchmark quy mô tỉnh",
    )
    Task.objects.bulk_create(
        [Task(directive=directive, number=n, short_label=f"Nhiệm vụ thử {n}", text="Nội dung thử.") for n in range(1, tasks + 1)]
    )
    today = timezone.localdate()
    ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod(directive=directive, label=label, start_date=start, end_date=end, due_date=due)
            for label, start, end, due in quarters(periods, today)
        ]
    )
    task_ids = list(Task.objects.filter(directive=directive).values_list("pk", flat=True))
    unit_ids = list(Unit.objects.values_list("pk", flat=True))
    Assignment.objects.bulk_create([Assignment(task_id=t, unit_id=u) for t in task_ids for u in unit_ids], batch_size=5000)
    directive_sync_reports(directive=directive)
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(task_id=task_id, code=f"chi-tieu-{k}", label=f"Chỉ tiêu {k} của nhiệm vụ", unit_label="hồ sơ", position=k)
            for task_id in task_ids[:6]
            for k in (1, 2)
        ]
    )
    with connection.cursor() as cursor:
        # Past periods cycle through accepted on time / accepted late / submitted / returned / draft;
        # the current period has a mix too; future periods stay untouched drafts (not yet due).
        cursor.execute(
            """
            UPDATE directives_progressreport r SET
              status = CASE r.id %% 5 WHEN 0 THEN 'accepted' WHEN 1 THEN 'accepted' WHEN 2 THEN 'submitted'
                                     WHEN 3 THEN 'returned' ELSE 'draft' END,
              first_submitted_at = CASE WHEN r.id %% 5 = 4 THEN NULL
                                        WHEN r.id %% 5 = 1 THEN (p.due_date + 3)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
                                        ELSE (p.due_date - 2)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
              results = CASE WHEN r.id %% 5 = 4 THEN '' ELSE 'Kết quả thực hiện (benchmark) của đơn vị.' END
            FROM directives_reportingperiod p
            WHERE p.id = r.period_id AND p.start_date <= %s
            """,
            [today],
        )
        cursor.execute("UPDATE directives_progressreport SET submitted_at = first_submitted_at, updated_at = now()")
        cursor.execute(
            """
            INSERT INTO directives_extensionrequest
                (report_id, period_id, requested_date, granted_date, reason, requested_at, status, decision_note)
            SELECT r.id, r.period_id, p.due_date + 20, CASE WHEN r.id % 2 = 0 THEN p.due_date + 20 END, 'benchmark', now(),
                   CASE WHEN r.id % 2 = 0 THEN 'approved' ELSE 'pending' END, ''
            FROM directives_progressreport r JOIN directives_reportingperiod p ON p.id = r.period_id
            WHERE r.id % 97 = 3
            """
        )
        cursor.execute(
            """
            INSERT INTO directives_indicatorvalue (report_id, indicator_id, value)
            SELECT r.id, i.id, (r.id %% 50) + 1
            FROM directives_progressreport r JOIN directives_assignment a ON a.id = r.assignment_id
            JOIN directives_indicator i ON i.task_id = a.task_id
            WHERE r.status = 'accepted' AND i.id = ANY(%s)
            """,
            [[indicator.pk for indicator in indicators]],
        )
        # SIPAS elements and criteria, the demo 2019 district and province results (marked as demo),
        # then live-survey responses spread evenly over the last eight quarters, five answers each.
        sipas_seed()
        sipas_demo_seed()
        per_unit = 8 * survey_per_quarter
        cursor.execute(
            """
            INSERT INTO satisfaction_surveyresponse (unit_id, submitted_at, comment, is_hidden, is_demo)
            SELECT u.id, now() - (g * 730.0 / %s) * interval '1 day' - u.id * interval '1 minute', '', false, true
            FROM units_unit u CROSS JOIN generate_series(1, %s) g
            """,
            [per_unit, per_unit],
        )
        cursor.execute(
            """
            INSERT INTO satisfaction_surveyanswer (response_id, element_id, score)
            SELECT r.id, e.id, 1 + (r.id * 7 + e.id * 3) % 5
            FROM satisfaction_surveyresponse r CROSS JOIN satisfaction_sipaselement e
            WHERE NOT EXISTS (SELECT 1 FROM satisfaction_surveyanswer a WHERE a.response_id = r.id)
            """
        )
        survey_tallies_refresh()  # written in SQL: count them, as recording each response would have
        # The extensions and states were written in SQL: bring the stored deadlines and tallies in line, as the services do.
        report_deadlines_refresh(reports=ProgressReport.objects.filter(period__directive=directive))
        report_state_tallies_refresh(periods=directive.periods.values_list("pk", flat=True))
        indicator_totals_refresh(periods=directive.periods.values_list("pk", flat=True))
        # As autovacuum would have done on a live database: statistics, and the visibility map that
        # lets the status counts read the covering index alone.
        cursor.execute("VACUUM ANALYZE")
    user = get_user_model().objects.create_superuser("bench-office", "bench@example.invalid", "bench-pass-123")
    DistrictRole.objects.create(user=user, role=DistrictRoleKind.OFFICE)
    print(f"built in {time.perf_counter() - started:.1f} s")


def query_times(client, pages, *, runs: int = 5) -> None:
    """Where a page's time goes: each query's median over ``runs`` requests, slowest first."""
    from collections import defaultdict

    from django.db import connection

    for name, url, params, _runs in pages:
        if name not in ("dashboard", "summary"):
            continue
        times: dict[str, list[float]] = defaultdict(list)

        def timed(execute, sql, sql_params, many, context, times=times):
            started = time.perf_counter()
            try:
                return execute(sql, sql_params, many, context)
            finally:
                times[sql].append((time.perf_counter() - started) * 1000)

        with connection.execute_wrapper(timed):
            for _ in range(runs):
                client.get(url, params)
        medians = sorted(((statistics.median(ms), sql) for sql, ms in times.items()), reverse=True)
        print(f"\n{name}: {len(times)} distinct queries, {sum(m for m, _sql in medians):.1f} ms of SQL per request")
        for median, sql in medians[:8]:
            print(f"  {median:6.1f} ms  {' '.join(sql.split())[:110]}")


def floor_queries(*, directive, period) -> dict[str, tuple[str, tuple]]:
    """The raw-SQL floor: one plain GROUP BY unit, state over the shown period and over all periods.

    The state is the app's own rule, compiled by Django from ``reports_with_state``: the floor never
    drifts from what the pages count.
    """
    from django.db.models import Count

    from directives.models import ProgressReport
    from directives.selectors import reports_with_state

    def compiled(queryset):
        grouped = reports_with_state(queryset).order_by().values("unit_id", "state").annotate(n=Count("*"))
        return grouped.query.sql_with_params()

    return {
        "SQL floor: shown period": compiled(ProgressReport.objects.filter(period=period)),
        "SQL floor: all periods": compiled(ProgressReport.objects.filter(period__directive=directive)),
    }


def run_sql(sql: str, params: tuple) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def district_report_for_bench(*, directive, period):
    """The district's report to the province on the measured period's window, composed once (kept with --reuse)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from district_reports.selectors import report_for_window
    from district_reports.services import district_report_create
    from district_reports.windows import window_for_period

    window = window_for_period(start=period.start_date, end=period.end_date)
    report = report_for_window(directive=directive, window=window)
    if report is None:
        started = time.perf_counter()
        report = district_report_create(
            directive=directive,
            window=window,
            report_date=timezone.localdate(),
            user=get_user_model().objects.get(username="bench-office"),
        )
        print(f"district report composed for {window.label} in {time.perf_counter() - started:.1f} s")
    return report


def measure(*, repeat: int, export_repeat: int, with_query_times: bool = False) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from dashboard.selectors import directive_periods
    from directives.models import Directive, ProgressReport
    from directives.selectors import state_tallies
    from satisfaction.models import SurveyAnswer, SurveyResponse
    from units.models import Unit

    directive = Directive.objects.get(number="345/UBND-NV")
    periods = directive_periods(directive=directive)
    counts: dict[str, int] = {}
    for (state, _status), n in state_tallies(ProgressReport.objects.filter(period__directive=directive)).items():
        counts[state] = counts.get(state, 0) + n
    print(
        f"units: {Unit.objects.count():,}, tasks: {directive.tasks.count()}, periods: {len(periods)}, "
        f"reports: {sum(counts.values()):,} by state {counts}"
    )
    print(f"live-survey responses: {SurveyResponse.objects.count():,}, answers: {SurveyAnswer.objects.count():,}")
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-office"))
    period = next(p for p in reversed(periods) if p.start_date <= datetime.date.today()) if periods else None
    query = {"period": period.pk}
    pages = [
        ("dashboard", reverse("dashboard:dashboard", args=[directive.pk]), query, repeat),
        ("dashboard (by lateness)", reverse("dashboard:dashboard", args=[directive.pk]), {**query, "sort": "lateness"}, repeat),
        ("summary", reverse("dashboard:summary", args=[directive.pk]), query, repeat),
        ("admin change list", reverse("admin:directives_progressreport_changelist"), {}, repeat),
        ("excel export", reverse("dashboard:export_xlsx", args=[directive.pk]), query, export_repeat),
    ]
    report = district_report_for_bench(directive=directive, period=period)
    pages += [
        ("district report page", reverse("district_reports:detail", args=[report.pk]), {}, repeat),
        ("district report word export", reverse("district_reports:export_docx", args=[report.pk]), {}, export_repeat),
    ]

    floors = floor_queries(directive=directive, period=period)

    def fetch(url, params):
        if url in floors:
            return run_sql(*floors[url])  # rows, not bytes
        response = client.get(url, params)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return len(body)

    pages += [(name, name, None, repeat) for name in floors]
    shown = ProgressReport.objects.filter(period=period).count()
    print(
        f"period measured: {period.label} ({shown:,} reports); PostgreSQL {connection.pg_version}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    timings: dict[str, list[float]] = {name: [] for name, *_rest in pages}
    sizes = {name: fetch(url, params) for name, url, params, runs in pages if runs}  # warm-up
    gc.freeze()  # as each production worker does once the app is loaded (ops/gunicorn.conf.py)
    for round_ in range(max(runs for *_rest, runs in pages)):
        for name, url, params, runs in pages:
            if round_ < runs:
                started = time.perf_counter()
                sizes[name] = fetch(url, params)
                timings[name].append((time.perf_counter() - started) * 1000)
    medians = {name: statistics.median(times) for name, times in timings.items() if times}
    period_floor, all_floor = (medians[name] for name in floors)
    print(
        f"{'page':28} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'bytes/rows':>11} {'peak MiB':>9} "
        f"{'× period floor':>15} {'× all-periods floor':>20}"
    )
    for name, url, params, runs in pages:
        if not runs:
            continue
        peak = ""
        if "export" in name:
            tracemalloc.start()
            fetch(url, params)
            peak = f"{tracemalloc.get_traced_memory()[1] / 2**20:.1f}"
            tracemalloc.stop()
        times = timings[name]
        print(
            f"{name:28} {medians[name]:10.1f} {min(times):8.1f} {max(times):8.1f} {sizes[name]:11,} {peak:>9} "
            f"{medians[name] / period_floor:15.1f} {medians[name] / all_floor:20.2f}"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if with_query_times:
        query_times(client, pages)


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", NATIONAL_URL if args.national else DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL (BENCH_DATABASE_URL=postgres://...).")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tamduong_cchc.settings.test")
    if not args.reuse:
        recreate_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The test client's host; setup_test_environment() is avoided because it instruments template
    # rendering, which would inflate every page's time.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if not args.reuse:
        call_command("migrate", verbosity=0)
        build(units=args.units, tasks=args.tasks, periods=args.periods, survey_per_quarter=args.survey_per_quarter)
    measure(repeat=args.repeat, export_repeat=args.export_repeat, with_query_times=args.query_times)


if __name__ == "__main__":
    main()
