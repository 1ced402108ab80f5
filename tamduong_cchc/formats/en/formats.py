# Dates are shown dd/mm/yyyy whatever the interface language: English pages read the Vietnamese formats.
from tamduong_cchc.formats.vi.formats import (
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
)

__all__ = [
    "DATETIME_FORMAT",
    "DATETIME_INPUT_FORMATS",
    "DATE_FORMAT",
    "DATE_INPUT_FORMATS",
    "FIRST_DAY_OF_WEEK",
    "SHORT_DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
]
