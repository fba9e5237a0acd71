"""Numbers as printed: exact Decimals, never floats."""

import re
from decimal import Decimal, InvalidOperation

# An amount as reports print it: "1,400.04", "20351.37", "0", "-2.5".
NUMBER = r"-?\d[\d,]*(?:\.\d+)?"
_AMOUNT = re.compile(r"^\s*(" + NUMBER + r")\s*$")


def parse_number(text: str | None) -> Decimal | None:
    """The Decimal a cell or captured group prints, or None when it prints no number."""
    if text is None:
        return None
    match = _AMOUNT.match(text.replace("，", ",").replace(" ", ""))
    if not match:
        return None
    try:
        return Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        return None


def signed(direction: str | None, value: Decimal | None) -> Decimal | None:
    """增加/增长 keep the sign, 减少/下降/降低 negate it."""
    if value is None:
        return None
    return -value if direction and direction[0] in "减下降" else value
