"""The workflow tests' district (directives/tests/conftest.py) for the calendar tests."""

from directives.tests import conftest as workflow

world = workflow.world
