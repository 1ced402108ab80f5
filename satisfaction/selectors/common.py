"""The satisfaction figures' shared measure and settings: % satisfied, the office's settings."""

from decimal import ROUND_HALF_UP, Decimal

from ..models import SatisfactionSetting

SATISFIED_MIN_SCORE = 4


def setting_get() -> SatisfactionSetting:
    """The office's settings, or the defaults (unsaved) when the row does not exist."""
    return SatisfactionSetting.objects.order_by("pk").first() or SatisfactionSetting()


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent with one decimal, or None when there is nothing to count."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
