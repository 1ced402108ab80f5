"""Write-side rules of directives, by sub-domain; import them from here."""

from .deadlines import report_deadlines_refresh
from .periods import directive_periods_extend, directive_sync_reports, period_generate, periods_extend_ongoing
from .reports import (
    ReportContent,
    evidence_attach,
    evidence_delete,
    extension_request_create,
    extension_request_refusal,
    report_missing_for_submission,
    report_save_draft,
    report_submit,
)
from .reviews import extension_decide, report_accept, report_return
from .setup import TaskDraft, directive_create
from .tallies import indicator_totals_refresh, report_state_tallies_refresh

__all__ = [
    "ReportContent",
    "TaskDraft",
    "directive_create",
    "directive_periods_extend",
    "directive_sync_reports",
    "evidence_attach",
    "evidence_delete",
    "extension_decide",
    "extension_request_create",
    "extension_request_refusal",
    "indicator_totals_refresh",
    "period_generate",
    "periods_extend_ongoing",
    "report_accept",
    "report_deadlines_refresh",
    "report_missing_for_submission",
    "report_return",
    "report_save_draft",
    "report_state_tallies_refresh",
    "report_submit",
]
