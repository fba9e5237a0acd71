"""Amounts as the report printed them, and short quotes around them."""

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
QUOTE_WIDTH = 36  # characters kept either side of the figure


def _value(token: str) -> Decimal | None:
    try:
        return Decimal(token.replace(",", ""))
    except InvalidOperation:
        return None


def printed_figure(value: Decimal | None, source_text: str | None) -> str | None:
    """The figure as printed in its source ("2,961.68", "0.3"), if the source prints it (in 万元 or 元)."""
    if value is None or not source_text:
        return None
    for token in _NUMBER.findall(source_text):
        number = _value(token)
        if number is not None and number in (abs(value), abs(value) * 10000):
            return ("-" if value < 0 else "") + token
    return None


def printed_unit(value: Decimal | None, printed: str | None) -> str | None:
    """元 where the printed figure is the amount in 元 (a table printed in 元 beside a finding in 万元), else
    None: the finding's own unit."""
    if not value or printed is None:
        return None
    return "元" if _value(printed.lstrip("-")) != abs(value) else None


def decimals_of(printed: str | None) -> int | None:
    if printed is None:
        return None
    _, dot, fraction = printed.partition(".")
    return len(fraction) if dot else 0


def at_precision(value: Decimal | None, decimals: int, grouped: bool = False) -> str | None:
    """A computed amount to the precision of the figures it is compared with (more decimals only
    where that precision would round a non-zero value to zero)."""
    if value is None:
        return None
    while decimals < 6 and value and not value.quantize(Decimal(1).scaleb(-decimals)):
        decimals += 1
    return f"{value.quantize(Decimal(1).scaleb(-decimals)):{',' if grouped else ''}f}"


@lru_cache(maxsize=4096)
def _whole_figure(figure: str) -> re.Pattern:
    """A figure printed as a whole number ("1" is not in "14."): compiled once per figure, not looked up in re's
    cache on each of the 400,000 searches of 1,000 reports' findings."""
    return re.compile(rf"(?<![\d.,]){re.escape(figure)}(?![\d]|[.,]\d)")


def _figure_at(line: str, figure: str) -> int:
    """Where the figure is printed as a whole number in the line, else -1."""
    match = _whole_figure(figure).search(line)
    return match.start() if match else -1


def figure_printed_in(line: str, figure: str) -> bool:
    return _figure_at(line, figure) >= 0


def line_holding(source_text: str, printed: str | None) -> str:
    """The line of a (possibly multi-line) source text that holds the printed figure, else its first line."""
    lines = [line for line in source_text.splitlines() if line.strip()] or [source_text]
    needle = printed.lstrip("-") if printed else None
    return next((line for line in lines if needle and _figure_at(line, needle) >= 0), lines[0])


def short_quote(source_text: str | None, printed: str | None) -> str | None:
    """The source line holding the figure, cut to a window around it; table cells joined by ' | '."""
    if not source_text:
        return None
    needle = printed.lstrip("-") if printed else None
    line = line_holding(source_text, printed)
    line = " | ".join(cell.strip() for cell in line.split("\t") if cell.strip()) if "\t" in line else line.strip()
    at = _figure_at(line, needle) if needle else 0
    start, end = max(0, at - QUOTE_WIDTH), min(len(line), max(at, 0) + len(needle or "") + QUOTE_WIDTH)
    return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
