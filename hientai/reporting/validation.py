"""Validation rules and outlier warnings of the data-entry form.

What an officer types for an indicator depends on its unit of measure:

- percent: the numerator and the denominator (counts; the value is computed), or only the
  percentage when the unit does not have the counts; 0–100 either way;
- per 10,000 people: the count (numerator) and the population (denominator);
- count: a whole number, 0 or more;
- amount: a number, 0 or more; growth % per year: a number, not below −100.

Errors block the save (nothing is written); warnings (a value far from the unit's previous
periods) are stored with the value and shown, never blocking.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hientai.indicators.models import Indicator, MeasureUnit

MAX_DIGITS = 14  # the integer digits a DecimalField(18, 4) holds
FOUR_PLACES = Decimal("0.0001")
OUTLIER_FACTOR = Decimal(3)  # > 3× or < 1/3 of the median of the previous periods
PERCENT_JUMP = Decimal(30)  # percentage points from the previous period
HISTORY_PERIODS = 3  # previous periods the median is taken over

RATIO_UNITS = {MeasureUnit.PERCENT, MeasureUnit.PER_10K}
FIELDS = ("numerator", "denominator", "value")


@dataclass(frozen=True)
class CleanValue:
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return self.numerator is None and self.denominator is None and self.value is None


def input_fields(indicator: Indicator) -> tuple[str, ...]:
    """The inputs the form shows for an indicator."""
    if indicator.unit == MeasureUnit.PERCENT:
        return ("numerator", "denominator", "value")
    if indicator.unit == MeasureUnit.PER_10K:
        return ("numerator", "denominator")
    return ("value",)


def is_complete(value: Any) -> bool:
    """Whether a stored value counts as filled in (required values, at submission): every
    complete input ends with a value (a ratio's is computed from its two counts)."""
    return value is not None


def parse_number(raw: Any) -> Decimal | None:
    """A number as an officer types it ("12,5" or "12.5", spaces allowed); None when blank.
    ValueError when it is not a number."""
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int | float):
        return Decimal(str(raw))
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if text.count(",") + text.count(".") > 1:
        raise ValueError(text)
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite():
        raise ValueError(text)
    return number


def show(number: Decimal | None, places: int = 4) -> str:
    """A number in the active language's format ("12,5" in Vietnamese), without trailing
    zeros, at most `places` decimals (4 in the form's inputs, 2 in messages)."""
    if number is None:
        return "—"
    rounded = number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    exponent = rounded.normalize().as_tuple().exponent  # an int: `rounded` is finite
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return number_format(rounded, decimal_pos=decimals)


def clean_value(indicator: Indicator, raw: Mapping[str, Any]) -> tuple[CleanValue, list[str]]:
    """Parse and check one indicator's inputs; returns the clean value and the error messages
    (translated). A clean value is only meaningful when there are no errors."""
    errors: list[str] = []
    numbers: dict[str, Decimal | None] = {}
    allowed = input_fields(indicator)
    for name in FIELDS:
        if name not in allowed:
            numbers[name] = None
            continue
        try:
            numbers[name] = parse_number(raw.get(name))
        except ValueError:
            errors.append(
                _("“%(text)s” is not a number.") % {"text": str(raw.get(name)).strip()[:30]}
            )
            numbers[name] = None
            continue
        number = numbers[name]
        if number is not None and abs(number) >= Decimal(10) ** MAX_DIGITS:
            errors.append(_("The number %(value)s is too large.") % {"value": show(number)})
            numbers[name] = None
    note = str(raw.get("note") or "").strip()
    if errors:
        return CleanValue(note=note), errors
    numerator, denominator, value = numbers["numerator"], numbers["denominator"], numbers["value"]

    if indicator.unit in RATIO_UNITS:
        errors += _check_count(numerator, _("The numerator"))
        errors += _check_count(denominator, _("The denominator"))
        if denominator is not None and denominator == 0:
            errors.append(_("The denominator must be greater than 0."))
        if numerator is not None and denominator is not None and numerator > denominator:
            errors.append(
                _("The numerator (%(numerator)s) cannot exceed the denominator (%(denominator)s).")
                % {"numerator": show(numerator), "denominator": show(denominator)}
            )
    if indicator.unit == MeasureUnit.PERCENT:
        if (numerator is None) != (denominator is None):
            errors.append(
                _("Enter both the numerator and the denominator, or only the percentage.")
            )
        elif numerator is not None and denominator is not None and not errors:
            value = (numerator * 100 / denominator).quantize(FOUR_PLACES, ROUND_HALF_UP)
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            errors.append(
                _("A percentage is between 0 and 100, not %(value)s.") % {"value": show(value)}
            )
    elif indicator.unit == MeasureUnit.PER_10K:
        if (numerator is None) != (denominator is None):
            errors.append(_("Enter both the count (numerator) and the population (denominator)."))
        value = (
            (numerator * indicator.scale / denominator).quantize(FOUR_PLACES, ROUND_HALF_UP)
            if numerator is not None and denominator and not errors
            else None
        )
    elif indicator.unit == MeasureUnit.COUNT:
        errors += _check_count(value, _("The count"))
        numerator = value
    elif indicator.unit == MeasureUnit.GROWTH_PCT:
        if value is not None and value < -100:
            errors.append(
                _("A yearly growth cannot be below −100%%, not %(value)s%%.")
                % {"value": show(value)}
            )
    elif value is not None and value < 0:
        errors.append(_("The value cannot be negative (%(value)s).") % {"value": show(value)})
    if errors:
        return CleanValue(note=note), errors
    return CleanValue(numerator, denominator, value, note), []


def _check_count(number: Decimal | None, what: str) -> list[str]:
    if number is None:
        return []
    if number < 0:
        return [
            _("%(what)s cannot be negative (%(value)s).") % {"what": what, "value": show(number)}
        ]
    if number != number.to_integral_value():
        return [
            _("%(what)s is a number of people or items: a whole number, not %(value)s.")
            % {"what": what, "value": show(number)}
        ]
    return []


# ------------------------------------------------------------------ outliers


def outlier_warnings(
    indicator: Indicator, value: Decimal | None, history: Iterable[tuple[str, Decimal]]
) -> list[dict[str, str]]:
    """Warnings for `value` against the unit's previous periods (newest first): more than 3×
    or less than 1/3 of their median, or for a percentage a jump of more than 30 points
    from the last period. Stored as data, rendered by `warning_message`."""
    if value is None:
        return []
    previous = [(period, number) for period, number in history if number is not None]
    previous = previous[:HISTORY_PERIODS]
    if not previous:
        return []
    warnings: list[dict[str, str]] = []
    median = Decimal(statistics.median([number for _period, number in previous]))
    if median > 0 and (value > median * OUTLIER_FACTOR or value * OUTLIER_FACTOR < median):
        warnings.append(
            {
                "code": "far_from_median",
                "value": str(value),
                "median": str(median),
                "periods": ", ".join(period for period, _number in previous),
            }
        )
    if indicator.unit == MeasureUnit.PERCENT:
        last_period, last = previous[0]
        if abs(value - last) > PERCENT_JUMP:
            warnings.append(
                {
                    "code": "percent_jump",
                    "value": str(value),
                    "previous": str(last),
                    "period": last_period,
                }
            )
    return warnings


def warning_message(item: Mapping[str, str]) -> str:
    code = item.get("code")
    if code == "far_from_median":
        return _(
            "%(value)s is far from the median of the previous periods (%(median)s; "
            "%(periods)s): please check the figure."
        ) % {
            "value": show(Decimal(item["value"]), 2),
            "median": show(Decimal(item["median"]), 2),
            "periods": item.get("periods", ""),
        }
    if code == "percent_jump":
        return _(
            "%(value)s%% differs by more than 30 points from %(previous)s%% in %(period)s: "
            "please check the figure."
        ) % {
            "value": show(Decimal(item["value"]), 2),
            "previous": show(Decimal(item["previous"]), 2),
            "period": item.get("period", ""),
        }
    return str(item.get("message") or code or "")
