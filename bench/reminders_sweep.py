"""Benchmark of the reminder sweep at province scale, against a local SMTP sink (not a test).

Builds, in its own PostgreSQL database, one directive with 300 units × 60 tasks × 4 periods
(72,000 report rows; a share already submitted or accepted), unit members with and without
e-mail, units without any address, and district leadership. On the chosen day one period is
3 days from its deadline and an earlier one is long overdue, so every unit is reminded about two
periods and leadership receives escalations. It then runs the sweep exactly as
``send_reminders`` does (plan, claim, deliver through SMTP to an aiosmtpd sink on loopback) and
reports the time, the SQL statements and the CPU time of each phase and the e-mails per second
(``--runs``: again, with the log emptied between runs, and the medians); then runs it once more
the same day without emptying the log (it must send nothing).

The sink runs in a process of its own (``--sink process``, the default), as a real mail server
would: in the benchmark's process its thread competes with the sweep for the GIL and adds
0.4–0.9 s of CPU to a province sweep's delivery, most of it parsing the large e-mails. ``--sink
thread`` keeps it in the benchmark's process, as earlier figures were taken, so both can be
reported. Before the sweep, the process is
warmed like a Celery worker at start (``tamduong_cchc.warm_up.process_warm_up``: the URLconf loaded,
what is loaded frozen out of the collector's full passes), so it measures a warmed worker.

``--deliver worker`` delivers as production does instead: the sweep queues one task per batch of
50 and a real Celery worker (prefork, ``--concurrency`` processes, by default one per core as
Celery's own default; Redis as the broker) sends them, each batch over its own SMTP connection.
The delivery time then runs from the end of the claim until the sink has every e-mail and no
message is left queued or being sent, and the CPU time is that of the worker's processes. The
default, ``--deliver process``, sends every batch in the benchmark's own process, one after the
other.

    .venv/bin/python bench/reminders_sweep.py                      # 300 units × 60 tasks × 4 periods
    .venv/bin/python bench/reminders_sweep.py --reuse --runs 3     # again on the database built before
    .venv/bin/python bench/reminders_sweep.py --reuse --runs 3 --deliver worker   # …sent by a Celery worker
    .venv/bin/python bench/reminders_sweep.py --tasks 15           # same units, a quarter of the assignments
    .venv/bin/python bench/reminders_sweep.py --national --runs 3  # 3,321 units × 6 tasks × 20 periods, median of 3
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench_other .venv/bin/python bench/reminders_sweep.py
"""

import argparse
import datetime
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

from pgdb import recreate_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cchc_bench_reminders"
NATIONAL = (3321, 6, 20)
DAY = datetime.date(2020, 6, 12)  # Quý II/2020 is due on 15/06 (3 days left); Quý I/2020 was due on 15/03


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--tasks", type=int, default=60)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--national", action="store_true", help="3,321 units × 6 tasks × 20 periods (a ministry)")
    parser.add_argument("--runs", type=int, default=1, help="sweep the same day this many times (the log emptied between)")
    parser.add_argument("--reuse", action="store_true", help="sweep the database built by an earlier run of the same size")
    parser.add_argument("--sink", choices=("process", "thread"), default="process", help="where the SMTP sink runs (see above)")
    parser.add_argument(
        "--deliver", choices=("process", "worker"), default="process", help="who sends the claimed messages (see above)"
    )
    parser.add_argument("--concurrency", type=int, default=os.cpu_count(), help="worker processes for --deliver worker")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/13", help="Redis for --deliver worker (emptied first)")
    return parser.parse_args()


class Counting:
    """aiosmtpd handler that counts messages and bytes in shared counters (and keeps nothing else)."""

    def __init__(self, messages, size):
        self.messages = messages
        self.bytes = size

    async def handle_DATA(self, server, session, envelope):
        with self.messages.get_lock():
            self.messages.value += 1
        with self.bytes.get_lock():
            self.bytes.value += len(envelope.content)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(port: int, messages, size, ready, stop) -> None:
    """The sink's own process: serve on loopback until told to stop."""
    from aiosmtpd.controller import Controller

    controller = Controller(Counting(messages, size), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class Sink:
    """A local SMTP sink (aiosmtpd) on loopback, in a process of its own or a thread of this one."""

    def __init__(self, *, in_process: bool):
        context = multiprocessing.get_context("fork")  # started before Django is set up: nothing to inherit
        self.port = _free_port()
        self._messages, self._bytes = context.Value("q", 0), context.Value("q", 0)
        if in_process:
            from aiosmtpd.controller import Controller

            self._controller = Controller(Counting(self._messages, self._bytes), hostname="127.0.0.1", port=self.port)
            self._controller.start()
            self._process = None
        else:
            ready, self._stop = context.Event(), context.Event()
            self._process = context.Process(
                target=_serve, args=(self.port, self._messages, self._bytes, ready, self._stop), daemon=True
            )
            self._process.start()
            if not ready.wait(30):
                sys.exit("the SMTP sink did not start")

    @property
    def messages(self) -> int:
        return self._messages.value

    @property
    def bytes(self) -> int:
        return self._bytes.value

    def reset(self) -> None:
        self._messages.value = self._bytes.value = 0

    def stop(self) -> None:
        if self._process is None:
            self._controller.stop()
        else:
            self._stop.set()
            self._process.join(30)


# Each unit with members: a head and a staff member with e-mail, a deputy without (in-app only).
MEMBERS = (("head", "head", True), ("staff", "staff", True), ("deputy", "deputy", False))


def build(*, units: int, tasks: int, periods: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from directives.models import Assignment, Directive, DocumentType, ProgressReport, ReportingPeriod, ReportStatus, Task
    from directives.services import directive_sync_reports
    from units.collation import vietnamese_sort_key
    from units.models import KIND_ORDER, DistrictRole, DistrictRoleKind, Membership, Unit, UnitKind

    user_model = get_user_model()
    unusable = make_password(None)  # benchmark accounts cannot sign in
    directive = Directive.objects.create(
        doc_type=DocumentType.CONG_VAN,
        number="345/UBND-NV",
        issue_date=datetime.date(2019, 12, 31),
        issuing_body="UBND huyện Tam Đường (benchmark)",
        signer_name="Người ký",
        signer_title="Chủ tịch",
        subject="Benchmark",
    )
    for index in range(periods):
        year, quarter = 2020 + index // 4, index % 4 + 1
        ReportingPeriod.objects.create(
            directive=directive,
            label=f"Quý {['I', 'II', 'III', 'IV'][quarter - 1]}/{year}",
            start_date=datetime.date(year, 3 * quarter - 2, 1),
            end_date=datetime.date(year, 3 * quarter, 28),
            due_date=datetime.date(year, 3 * quarter, 15),
        )
    task_rows = Task.objects.bulk_create(
        [Task(directive=directive, number=n, short_label=f"Nhiệm vụ {n}", text="Nội dung.") for n in range(1, tasks + 1)]
    )
    unit_rows = []
    for n in range(units):
        kind = UnitKind.COMMUNE if n % 2 else UnitKind.AGENCY
        name = f"Đơn vị thử {n:03d}"
        # Units 0, 10, 20, … have no address at all; odd units only the unit's mailbox.
        email = "" if n % 10 == 0 else f"unit{n}@example.invalid"
        unit_rows.append(
            Unit(
                code=f"bench-{n}",
                name=name,
                short_name=name,
                kind=kind,
                email=email,
                sort_key=vietnamese_sort_key(name),
                group_order=KIND_ORDER[kind],
            )
        )
    unit_rows = Unit.objects.bulk_create(unit_rows)
    users, roles = [], []
    for n, unit in enumerate(unit_rows):
        if n % 10 == 0 or n % 2:
            continue
        for role, prefix, has_email in MEMBERS:
            email = f"{prefix}{n}@example.invalid" if has_email else ""
            users.append((unit, role, user_model(username=f"{prefix}{n}", email=email, password=unusable)))
    user_model.objects.bulk_create([user for _unit, _role, user in users])
    Membership.objects.bulk_create([Membership(user=user, unit=unit, role=role) for unit, role, user in users])
    for name, role in (
        ("office1", DistrictRoleKind.OFFICE),
        ("office2", DistrictRoleKind.OFFICE),
        ("chairman", DistrictRoleKind.CHAIRMAN),
    ):
        roles.append(DistrictRole(user=user_model.objects.create(username=name, email=f"{name}@example.invalid"), role=role))
    roles.append(DistrictRole(user=user_model.objects.create(username="vice", email=""), role=DistrictRoleKind.VICE_CHAIRMAN))
    DistrictRole.objects.bulk_create(roles)
    Assignment.objects.bulk_create(
        [Assignment(task=task, unit=unit) for task in task_rows for unit in unit_rows], batch_size=5000
    )
    directive_sync_reports(directive=directive)
    # A third of the reports are already in the office's hands or accepted and are not reminded; with rows
    # created unit by unit, this falls on whole units (every unit n with n % 6 in {0, 1}: 100 units owe nothing).
    ids = list(ProgressReport.objects.order_by("pk").values_list("pk", flat=True))
    ProgressReport.objects.filter(pk__in=ids[0::6]).update(status=ReportStatus.SUBMITTED)
    ProgressReport.objects.filter(pk__in=ids[1::6]).update(status=ReportStatus.ACCEPTED)
    return {"reports": len(ids), "assignments": tasks * units, "users": len(users) + len(roles)}


class StatementCounter:
    """Counts the SQL statements a block sends (transaction BEGIN/COMMIT are not statements here)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class DeliveryCounts(NamedTuple):
    """What the worker's deliveries came to, read from the log (the fields the report prints)."""

    sent: int
    in_app: int
    failed: int
    retrying: list[int]


class Worker:
    """A real Celery worker (prefork pool) that sends the batches the sweep queues, on an emptied Redis broker."""

    def __init__(self, *, concurrency: int, broker: str):
        import redis

        from tamduong_cchc.celery import app

        redis.Redis.from_url(broker).flushdb()
        command = [sys.executable, "-m", "celery", "-A", "tamduong_cchc", "--quiet", "worker", "--pool=prefork"]
        command += [f"--concurrency={concurrency}", "--loglevel=WARNING", "--without-gossip", "--without-mingle"]
        self.process = subprocess.Popen([*command, "-n", f"bench-reminders-{os.getpid()}@%h"], cwd=ROOT)
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                sys.exit("the Celery worker did not start")

    def cpu(self) -> float:
        """CPU seconds of the worker and its pool processes so far (read from Linux's /proc)."""
        pids = [self.process.pid]
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            pids += [int(pid) for pid in (task / "children").read_text().split()]
        ticks = 0
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of stat(5)
        return ticks / os.sysconf("SC_CLK_TCK")

    def wait(self, *, log_ids: list[int], sink: Sink) -> DeliveryCounts:
        """Wait until the sink has every e-mail of ``log_ids`` and none is left queued or being sent; the outcome."""
        # The sink's counter is shared memory: watching it costs the worker's cores nothing, where polling the log would.
        from django.db.models import Count

        from reminders.models import ReminderLog, ReminderStatus

        logs = ReminderLog.objects.filter(pk__in=log_ids)
        expected = logs.exclude(email="").count()  # the sink was emptied before the sweep
        unfinished = logs.filter(status__in=(ReminderStatus.PENDING, ReminderStatus.SENDING))
        while sink.messages < expected or unfinished.exists():
            if self.process.poll() is not None:
                sys.exit("the Celery worker stopped")
            time.sleep(0.005 if sink.messages < expected else 0.05)
        counts = dict(logs.order_by().values_list("status").annotate(n=Count("*")))
        retrying = list(logs.filter(status=ReminderStatus.RETRYING).values_list("pk", flat=True))
        final = (ReminderStatus.SENT, ReminderStatus.IN_APP, ReminderStatus.FAILED)
        return DeliveryCounts(*(counts.get(status, 0) for status in final), retrying)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def sweep_once(*, sink: Sink, worker: Worker | None = None) -> dict:
    """One sweep of DAY as ``send_reminders`` runs it, with the claim and the delivery timed apart."""
    from django.db import connection

    import reminders.services.sweep as sweep_module
    from reminders.services import reminders_sweep

    marks = {}
    original_claim = sweep_module.messages_claim
    counter = StatementCounter()
    cpu = worker.cpu if worker else time.process_time  # whoever delivers

    def timed_claim(**kwargs):
        ids = original_claim(**kwargs)
        marks.update(claimed_at=time.perf_counter(), claimed_cpu=cpu(), claim_queries=counter.count)
        marks["plan_cpu"] = time.process_time() - cpu_start
        return ids

    sweep_module.messages_claim = timed_claim
    sink.reset()
    load_before = os.getloadavg()[0]
    try:
        with connection.execute_wrapper(counter):
            start, cpu_start = time.perf_counter(), time.process_time()
            result = reminders_sweep(today=DAY, deliver_now=worker is None)
            if worker and result.claimed_ids:
                result.delivery = worker.wait(log_ids=result.claimed_ids, sink=sink)
            end, cpu_end = time.perf_counter(), cpu()
    finally:
        sweep_module.messages_claim = original_claim
    marks.setdefault("claimed_at", end)  # nothing to claim: the whole run was planning
    marks.setdefault("claimed_cpu", cpu_end)
    marks.setdefault("claim_queries", counter.count)
    marks.setdefault("plan_cpu", time.process_time() - cpu_start)
    return {
        "result": result,
        "plan": marks["claimed_at"] - start,
        "deliver": end - marks["claimed_at"],
        "total": end - start,
        "cpu": marks["plan_cpu"] + cpu_end - marks["claimed_cpu"],
        "deliver_cpu": cpu_end - marks["claimed_cpu"],
        "claim_queries": marks["claim_queries"],
        "queries": counter.count,
        "load": (load_before, os.getloadavg()[0]),
        "sink_messages": sink.messages,
        "sink_bytes": sink.bytes,
    }


def forget_reminders() -> None:
    """Remove what a sweep wrote (log, items, in-app copies), so the next run sends the same day again."""
    from django.db import connection

    from notifications.models import Notification
    from reminders.models import ReminderLog, ReminderLogItem

    ReminderLogItem.objects.all().delete()
    ReminderLog.objects.all().delete()
    Notification.objects.all().delete()
    with connection.cursor() as cursor:  # the next run starts from tables without the dead rows
        for model in (ReminderLogItem, ReminderLog, Notification):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def built_sizes() -> tuple[int, int, int] | None:
    """Units, tasks and periods of the database an earlier run built (None if it has no benchmark directive)."""
    from directives.models import Directive

    directive = Directive.objects.filter(number="345/UBND-NV", issuing_body__endswith="(benchmark)").first()
    if directive is None:
        return None
    units = directive.tasks.first().assignments.count() if directive.tasks.exists() else 0
    return units, directive.tasks.count(), directive.periods.count()


def warm_up() -> str:
    """Warm this process as a Celery worker is at start (if the code has a warm-up), and say what was done."""
    try:
        from tamduong_cchc.warm_up import process_warm_up
    except ImportError:
        return "not warmed (this code has no worker warm-up)"
    process_warm_up()
    return "warmed like a worker at start (URLconf loaded, gc.freeze())"


def main() -> None:
    args = parse_args()
    if args.national:
        args.units, args.tasks, args.periods = NATIONAL
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    sink = Sink(in_process=args.sink == "thread")
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "tamduong_cchc.settings.local",
            "DJANGO_DEBUG": "0",
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "LOG_LEVEL": "WARNING",
        }
    )
    if args.deliver == "worker":
        os.environ["CELERY_BROKER_URL"] = args.broker
    if not args.reuse:
        recreate_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    from reminders.models import ReminderLog, ReminderLogItem

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if args.reuse:
        sizes = built_sizes()
        if sizes != (args.units, args.tasks, args.periods):
            sys.exit(f"--reuse: the database holds {sizes} (units, tasks, periods), not what was asked; build it first")
        forget_reminders()
        print(f"reusing {args.units} units × {args.tasks} tasks × {args.periods} periods")
    else:
        sizes = build(units=args.units, tasks=args.tasks, periods=args.periods)
        print(
            f"built {args.units} units × {args.tasks} tasks × {args.periods} periods = {sizes['reports']:,} report rows "
            f"in {time.perf_counter() - started:.1f}s"
        )
    in_process = args.sink == "thread"
    print(f"SMTP sink on 127.0.0.1:{sink.port}, in {'this process (a thread)' if in_process else 'a process of its own'}")
    print(f"this process: {warm_up()}")
    worker = Worker(concurrency=args.concurrency, broker=args.broker) if args.deliver == "worker" else None
    if worker:
        print(f"delivered by a Celery worker: prefork pool of {args.concurrency} processes, broker {args.broker}")
    runs = []
    for number in range(1, args.runs + 1):
        if number > 1:
            forget_reminders()
        run = sweep_once(sink=sink, worker=worker)
        runs.append(run)
        delivery = run["result"].delivery
        items = ReminderLogItem.objects.count()
        print(
            f"run {number}: sweep on {DAY:%d/%m/%Y}: {len(run['result'].messages)} messages claimed "
            f"covering {items:,} report stages"
        )
        print(f"  plan + claim : {run['plan']:6.2f}s  {run['claim_queries']:5d} SQL statements")
        statements = "(SQL by the worker)" if worker else f"{run['queries'] - run['claim_queries']:5d} SQL statements"
        print(
            f"  delivery     : {run['deliver']:6.2f}s  {statements}  "
            f"{delivery.sent} e-mails ({run['sink_bytes'] / 1e6:.1f} MB) + {delivery.in_app} in-app only, "
            f"failed {delivery.failed}, retrying {len(delivery.retrying)}"
        )
        print(
            f"  total        : {run['total']:6.2f}s  {run['claim_queries'] if worker else run['queries']:5d} SQL statements  "
            f"{delivery.sent / run['deliver']:.1f} e-mails/s"
        )
        who = "the worker's processes" if worker else f"this process (rendering, SMTP client{' and sink' if in_process else ''})"
        print(
            f"  CPU time: {run['cpu']:.2f}s, of which delivery {run['deliver_cpu']:.2f}s by {who}; "
            f"load average {run['load'][0]:.1f} → {run['load'][1]:.1f} on {os.cpu_count()} CPUs"
        )
        print(
            f"  SMTP sink received {run['sink_messages']} messages; undeliverable units recorded: "
            f"{ReminderLog.objects.filter(status='undeliverable').count()}"
        )
    if len(runs) > 1:
        rates = [run["result"].delivery.sent / run["deliver"] for run in runs]
        print(
            f"median of {len(runs)} runs: total {statistics.median(run['total'] for run in runs):.2f}s, "
            f"delivery {statistics.median(run['deliver'] for run in runs):.2f}s, {statistics.median(rates):.1f} e-mails/s, "
            f"CPU {statistics.median(run['cpu'] for run in runs):.2f}s "
            f"(delivery {statistics.median(run['deliver_cpu'] for run in runs):.2f}s)"
        )
    again = sweep_once(sink=sink, worker=worker)
    if worker:
        worker.stop()
    sink.stop()
    print(
        f"second sweep the same day: {len(again['result'].claimed_ids)} messages, {again['queries']} SQL statements, "
        f"{again['total']:.2f}s"
    )


if __name__ == "__main__":
    main()
