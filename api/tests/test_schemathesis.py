"""The API against its own live OpenAPI schema (schemathesis), for an office token and a unit token:
no request answers with a server error, and every response conforms to the schema.

Each operation is run with valid inputs (positive) and invalid ones (negative), a capped number of
examples each. Every check runs except "schema-valid data is accepted": a request the schema allows may
still break a rule no schema states (a directive number already used, a deadline already passed), and
the service then answers 400 naming the field. The run stays within a couple of minutes on CI's two cores. It runs in the
PostgreSQL pass of CI (marker ``postgres``); the figures are printed at the end of the session
("schemathesis: ..."). (schemathesis' own pytest loader, ``from_fixture``, does not run under
pytest 9, hence the loop over operations here.)
"""

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from rest_framework.throttling import SimpleRateThrottle
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from api.models import ApiTokenScope

pytestmark = pytest.mark.postgres

MAX_EXAMPLES = 10
FIGURES = {"operations": set(), "examples": 0, "failures": []}
SETTINGS = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure in CI is a failure here
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
)


@pytest.fixture
def live_schema(db, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("schemathesis runs in the PostgreSQL pass (set DATABASE_URL=postgres://...)")
    # The rate limit would answer (a documented) 429 to many examples: lifted for these tests only
    # (a rate of None lets every request through).
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"token": None})
    # The real WSGI handler closes the database connection after each request, which would end the
    # test's transaction; Django's test client keeps it open the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _run_every_operation(schema, secret: str) -> list[str]:
    failures = []
    headers = {"Authorization": f"Bearer {secret}"}
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        FIGURES["operations"].add(label)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            @SETTINGS
            def check(case):
                FIGURES["examples"] += 1
                case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

            try:
                check()
            except (Exception, BaseExceptionGroup) as error:  # every failing operation is reported, not only the first
                failures.append(f"{label} ({mode.value}): {error}")
    FIGURES["failures"] += failures
    for failure in failures:
        print(failure[:1500], "\n-----")
    return failures


def test_office_token_gets_no_server_error_and_responses_conform_to_the_schema(live_schema, world, token_for):
    assert _run_every_operation(live_schema, token_for(world.office, ApiTokenScope.WRITE)) == []


def test_unit_token_gets_no_server_error_and_responses_conform_to_the_schema(live_schema, world, token_for):
    assert _run_every_operation(live_schema, token_for(world.head_a, ApiTokenScope.WRITE)) == []
