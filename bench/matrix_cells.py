"""Why the dashboard matrix's cells are pre-rendered (dashboard/templatetags/matrix.py), measured (not a test).

Renders one matrix page, 30 units × 60 tasks (the page size and task count of the province
directive in bench/dashboard_province.py), both ways in one process, without a database: with
``{% matrix_cells %}`` (per-state fragments escaped once per page), and with the template loop it
replaces (an ``{% url %}``, the colour, the label and the symbol per cell). Prints the medians.

    .venv/bin/python bench/matrix_cells.py
    .venv/bin/python bench/matrix_cells.py --tasks 6 --repeat 50
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOOP = (
    "{% load matrix_loop %}{% for row in rows %}<tr>{% for cell in row.cells %}{% if cell %}"
    '<td class="p-0 text-center"><a class="matrix-cell text-bg-{{ cell.state|colour }}" '
    'href="{% url \'directives:report\' cell.report_id %}" data-report="{{ cell.report_id }}" '
    'data-state="{{ cell.state }}" title="{{ cell|label }}">{{ cell|symbol }}'
    '<span class="visually-hidden"> {{ cell|label }}</span></a></td>'
    '{% else %}<td class="text-center text-body-tertiary">·</td>{% endif %}{% endfor %}</tr>{% endfor %}'
)
FRAGMENTS = "{% load matrix %}{% for row in rows %}<tr>{% matrix_cells row.cells %}</tr>{% endfor %}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=30, help="rows of one page")
    parser.add_argument("--tasks", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tamduong_cchc.settings.test")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.template import Library, engines
    from django.utils import translation

    from dashboard.selectors import Cell, UnitRow
    from dashboard.templatetags.matrix import AWAITING_SYMBOL, STATE_SYMBOLS
    from directives.models import AWAITING_REVIEW, ReportStatus
    from directives.selectors import TASK_STATE_COLOURS, TASK_STATE_ORDER, TaskState, state_label

    loop_tags = Library()
    loop_tags.filter("colour", lambda state: TASK_STATE_COLOURS[state])
    loop_tags.filter("label", lambda cell: state_label(cell.state, cell.status))
    loop_tags.filter(
        "symbol",
        lambda cell: (
            AWAITING_SYMBOL
            if cell.status in AWAITING_REVIEW and cell.state == TaskState.IN_PROGRESS
            else STATE_SYMBOLS[cell.state]
        ),
    )
    engine = engines["django"]
    engine.engine.template_libraries["matrix_loop"] = loop_tags

    rng = random.Random(1)
    rows = [
        UnitRow(
            unit=None,
            tally=None,
            cells=[
                None
                if rng.random() < 0.05
                else Cell(
                    report_id=100_000 + unit * args.tasks + task,
                    state=rng.choice(TASK_STATE_ORDER).value,
                    status=rng.choice(ReportStatus.values),
                )
                for task in range(args.tasks)
            ],
        )
        for unit in range(args.units)
    ]

    def median_ms(source: str) -> float:
        template = engine.from_string(source)
        template.render({"rows": rows})  # warm-up
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            template.render({"rows": rows})
            runs.append(time.perf_counter() - start)
        return statistics.median(runs) * 1000

    with translation.override("vi"):
        fragments, loop = median_ms(FRAGMENTS), median_ms(LOOP)
    print(f"{args.units} rows × {args.tasks} tasks, median of {args.repeat}:")
    print(f"  matrix_cells (fragments): {fragments:8.1f} ms")
    print(f"  template loop per cell:   {loop:8.1f} ms  ({loop / fragments:.1f}× slower)")


if __name__ == "__main__":
    main()
