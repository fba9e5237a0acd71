"""Keep only facts the warehouse can store exactly: every figure must fit DECIMAL(20,6).

A report printing a 15-digit amount (or 1 followed by 30 zeros) would otherwise make
dbt's cast fail for every report; such a fact becomes a parse issue naming the
figure and its line, and the report's other facts go through.
"""

import dataclasses
from decimal import Decimal

INTEGER_DIGITS = 14  # DECIMAL(20,6): 20 digits, 6 of them after the point
DECIMAL_PLACES = 6


def why_unrepresentable(value: Decimal) -> str | None:
    """Why `value` cannot be stored as DECIMAL(20,6) unchanged, or None when it can."""
    if not value.is_finite():
        return "is not a finite number"
    if abs(value) >= Decimal(10) ** INTEGER_DIGITS:
        return f"has more than {INTEGER_DIGITS} digits before the decimal point"
    if value != 0 and value.normalize().as_tuple().exponent < -DECIMAL_PLACES:
        return f"has more than {DECIMAL_PLACES} decimal places"
    return None


def fact_problems(fact) -> list[str]:
    """One phrase per figure of `fact` (a dataclass) the warehouse cannot hold."""
    if not dataclasses.is_dataclass(fact):
        return []
    problems = []
    for field in dataclasses.fields(fact):
        value = getattr(fact, field.name)
        reason = why_unrepresentable(value) if isinstance(value, Decimal) else None
        if reason:
            problems.append(f"{field.name} {value} {reason}")
    return problems


def _subject(fact) -> str:
    """The fact's kind and its first name (metric, function, item, project ...)."""
    names = (getattr(fact, f.name) for f in dataclasses.fields(fact))
    name = next((value for value in names if isinstance(value, str)), "")
    return f"{type(fact).__name__} {name}".strip()


def _issue(fact, problems: list[str]) -> tuple[str, str]:
    where = fact.provenance
    return (
        f"unrepresentable figure (line {where.line_no}, page {where.page_no})",
        f"{_subject(fact)} not stored, DECIMAL(20,6) cannot hold it: {'; '.join(problems)} — {where.source_text[:200]}",
    )


def drop_unrepresentable(parsed) -> None:
    """Remove from every fact list of `parsed` the facts with a figure DECIMAL(20,6) cannot hold,
    recording a parse issue for each. Items may be facts or (fact, extra) pairs."""
    for field in dataclasses.fields(parsed):
        items = getattr(parsed, field.name)
        if field.name == "issues" or not isinstance(items, list):
            continue
        kept = []
        for item in items:
            fact = item[0] if isinstance(item, tuple) else item
            problems = fact_problems(fact)
            if problems:
                parsed.issues.append(_issue(fact, problems))
            else:
                kept.append(item)
        setattr(parsed, field.name, kept)
