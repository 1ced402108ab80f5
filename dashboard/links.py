"""Where a click on a matrix cell or a queue item leads: the report page of the workflow, else the admin."""

from collections.abc import Callable

from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import NoReverseMatch, reverse

# The report page of the workflow (directives app); the admin change page is the fallback so a
# link always opens the report for the office.
REPORT_URL_NAME = "directives:report"
ADMIN_REPORT_URL_NAME = "admin:directives_progressreport_change"
URGE_BUTTON_TEMPLATE = "reminders/includes/urge_button.html"
_PLACEHOLDER = 987654321


def report_url_parts() -> tuple[str, str]:
    """The report URL around its id, (prefix, suffix), reversed once (the matrix has thousands of cells)."""
    for name in (REPORT_URL_NAME, ADMIN_REPORT_URL_NAME):
        try:
            pattern = reverse(name, args=[_PLACEHOLDER])
        except NoReverseMatch:
            continue
        prefix, suffix = pattern.split(str(_PLACEHOLDER))
        return prefix, suffix
    raise NoReverseMatch(f"neither {REPORT_URL_NAME} nor {ADMIN_REPORT_URL_NAME} is routed")


def report_url_builder() -> Callable[[int], str]:
    """A function report id → URL."""
    prefix, suffix = report_url_parts()
    return lambda pk: f"{prefix}{pk}{suffix}"


def urge_button_available() -> bool:
    """Whether the reminders app provides its "Đôn đốc" button (it lands separately)."""
    try:
        select_template([URGE_BUTTON_TEMPLATE])
    except TemplateDoesNotExist:
        return False
    return True
