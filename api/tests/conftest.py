"""A small district for the API tests (the workflow world of directives/tests, the district of the report tests) plus tokens for each role."""

import datetime

import pytest
from django.utils import timezone

from api.models import ApiTokenScope
from api.services import personal_token_create
from directives.tests.conftest import PDF_BYTES, PNG_BYTES, World, world  # noqa: F401  (fixtures shared with the workflow tests)
from district_reports.tests.conftest import district  # noqa: F401  (the district of the district report tests)

__all__ = ["PDF_BYTES", "PNG_BYTES", "World"]


def expires_soon() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def token_for():
    """``token_for(user, scope)`` → the secret of a new personal token of ``user``."""

    def make(user, scope: str = ApiTokenScope.WRITE) -> str:
        return personal_token_create(user=user, name="Thử", scope=scope, expires_on=expires_soon()).secret

    return make


@pytest.fixture
def api(client):
    """``api(method, path, secret, **kwargs)``: a request with the token in the Authorization header."""

    def call(method: str, path: str, secret: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if secret:
            headers["Authorization"] = f"Bearer {secret}"
        multipart = kwargs.pop("format", None) == "multipart"
        if method in ("post", "put", "patch") and "data" in kwargs and "content_type" not in kwargs and not multipart:
            kwargs["content_type"] = "application/json"
        return getattr(client, method)(path, headers=headers, **kwargs)

    return call


def pytest_terminal_summary(terminalreporter):
    """Print the schemathesis figures (operations, examples, failures) when that test ran."""
    from .test_schemathesis import FIGURES

    if FIGURES["examples"]:
        terminalreporter.write_line(
            f"schemathesis: {len(FIGURES['operations'])} operations, {FIGURES['examples']} examples, {len(FIGURES['failures'])} failures"
        )
