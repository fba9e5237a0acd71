"""Indicator values as printed: "≥13%", "4个", "350亿元", "85分以上", "及时"."""

import re
from dataclasses import dataclass
from decimal import Decimal

from ...numbers import parse_number

_COMPARATORS = {
    "≥": ">=",
    ">=": ">=",
    "＞": ">",
    ">": ">",
    "≤": "<=",
    "<=": "<=",
    "＜": "<",
    "<": "<",
    "=": "=",
    "＝": "=",
}
_VALUE = re.compile(r"^(?P<cmp>≥|≤|>=|<=|＞|＜|>|<|=|＝)?\s*(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>[^\d\s]*)$")


@dataclass(frozen=True)
class IndicatorValue:
    value: Decimal | None
    unit: str | None
    comparator: str | None


def parse_indicator_value(text: str | None) -> IndicatorValue:
    """Numeric value, unit and comparator where the text is numeric; the text itself is kept elsewhere."""
    match = _VALUE.match((text or "").strip())
    if not match:
        return IndicatorValue(None, None, None)
    unit = match.group("unit") or None
    comparator = _COMPARATORS.get(match.group("cmp") or "")
    if unit and unit.endswith(("以上", "以下")):  # "85分以上" is ≥ 85 分
        comparator = comparator or (">=" if unit.endswith("以上") else "<=")
        unit = unit[:-2] or None
    return IndicatorValue(parse_number(match.group("num")), unit, comparator)
