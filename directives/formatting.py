"""How numbers read on pages and in documents: Roman numerals (quarters, unit groups) and percentages."""

from decimal import ROUND_HALF_EVEN, Decimal

from django.utils import formats

# What a page or a document shows where there is nothing to rate (no report due, no answer yet).
NO_VALUE = "—"

_NUMERALS = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")]
_NUMERALS += [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number: int) -> str:
    """A positive whole number in Roman numerals: 2 → "II" (Quý II), 4 → "IV"."""
    text = ""
    for value, letters in _NUMERALS:
        count, number = divmod(number, value)
        text += letters * count
    return text


def percent(value: Decimal | float | int | None, places: int = 0) -> str:
    """A percentage in the reader's number format with at most ``places`` decimals ("85%", "84,45%"), or ``NO_VALUE``."""
    if value is None or value == "":
        return NO_VALUE
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return f"{formats.number_format(number, use_l10n=True)}%"
