"""Read-side queries: SIPAS results, the criteria citizens rated low, and the live survey's figures.

"% satisfied" is one measure everywhere: the share of answers rated 4 or 5 ("hài lòng" or "rất hài
lòng") on the five-point scale, as SIPAS counts satisfied respondents.

One module per sub-domain; import the public names from here.
"""

from .common import SATISFIED_MIN_SCORE, percent, setting_get
from .low_rated import LowRated, LowRatedItem, low_rated, task_low_rated_link
from .overview import overview_for_actor
from .sipas import ResultRow, measurement_keys_existing, measurement_years, measurements_for_year, results_table, sipas_elements
from .survey import (
    TREND_QUARTERS,
    Cell,
    Quarter,
    SurveyFigures,
    survey_figures,
    survey_recent_responses,
    survey_responses_visible,
    survey_unit_get,
)

__all__ = [
    "SATISFIED_MIN_SCORE",
    "TREND_QUARTERS",
    "Cell",
    "LowRated",
    "LowRatedItem",
    "Quarter",
    "ResultRow",
    "SurveyFigures",
    "low_rated",
    "measurement_keys_existing",
    "measurement_years",
    "measurements_for_year",
    "overview_for_actor",
    "percent",
    "results_table",
    "setting_get",
    "sipas_elements",
    "survey_figures",
    "survey_recent_responses",
    "survey_responses_visible",
    "survey_unit_get",
    "task_low_rated_link",
]
