"""The workflow tests' district, with its directive published and a second one that is not."""

import pytest

from directives.tests import conftest as workflow
from directives.tests.conftest import PDF_BYTES, World
from tests.factories import DirectiveFactory
from transparency.services import directive_publish

world = workflow.world

SECRET_NUMBER = "999/UBND-MAT"
SECRET_SUBJECT = "V/v nội dung chưa công bố"


@pytest.fixture
def published(world: World) -> World:
    directive_publish(user=world.office, directive=world.directive)
    DirectiveFactory(number=SECRET_NUMBER, subject=SECRET_SUBJECT)
    return world


__all__ = ["PDF_BYTES", "SECRET_NUMBER", "SECRET_SUBJECT"]
