"""seed_cv345 gives Công văn 345's tasks their indicators, once, without undoing the office's edits."""

import pytest

from directives.models import Indicator
from directives.seeding import seed_cv345


@pytest.mark.django_db
def test_tasks_get_sensible_indicators():
    directive, result = seed_cv345()

    codes = {
        number: list(Indicator.objects.filter(task__directive=directive, task__number=number).values_list("code", flat=True))
        for number in range(1, 7)
    }
    assert codes == {
        1: [],
        2: ["communication-activities", "communication-participants"],
        3: ["dossiers-received", "dossiers-resolved-on-time", "dossiers-resolved-late"],
        4: ["overdue-dossiers", "apology-letters-sent", "apology-letters-early", "violations-found", "violations-handled"],
        5: ["petitions-received", "petitions-answered-on-time"],
        6: ["one-stop-equipment", "one-stop-spending"],
    }
    assert result.created_indicators == 14
    assert Indicator.objects.get(code="one-stop-spending").unit_label == "đồng"


@pytest.mark.django_db
def test_seeding_twice_adds_nothing_and_keeps_the_offices_edits():
    seed_cv345()
    Indicator.objects.filter(code="dossiers-received").update(label="Hồ sơ tiếp nhận (kể cả trực tuyến)")

    _, again = seed_cv345()

    assert again.created_indicators == 0 and not again.changed
    assert Indicator.objects.count() == 14
    assert Indicator.objects.get(code="dossiers-received").label == "Hồ sơ tiếp nhận (kể cả trực tuyến)"
