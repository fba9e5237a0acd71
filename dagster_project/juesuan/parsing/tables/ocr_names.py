"""Row names OCR misread by one character, set right from the names the national templates print.

The recogniser drops or swaps a character of a name whose figures it reads right
(`般行政管理事务` for 一般行政管理事务, `…养老保险激费支出` for 缴费). The names of the
功能分类 rows are the national classification's (seeds/national_function_classes.csv),
and the summary tables' row labels are their templates'. An OCR'd name that is not a
known name but is one edit (a character dropped, added or swapped) from exactly one
known name is that name; a name two edits away, or as near to two names, is left as read.
Text-layer names are never changed: a report may print its own wording.
"""

import csv
import dataclasses
from collections.abc import Iterable
from functools import cache

from ...config import DBT_PROJECT_DIR
from ..facts import FunctionAmount

NATIONAL_CLASSES = DBT_PROJECT_DIR / "seeds" / "national_function_classes.csv"


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether b is a with exactly one character dropped, added or replaced."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    shorter, longer = sorted((a, b), key=len)
    start = next((i for i, (x, y) in enumerate(zip(shorter, longer)) if x != y), len(shorter))
    if len(shorter) == len(longer):
        return shorter[start + 1 :] == longer[start + 1 :]
    return shorter[start:] == longer[start + 1 :]


def nearest_known(name: str, known: Iterable[str]) -> str | None:
    """The one known name a single misread character away from `name`; None when none or several are."""
    near = {candidate for candidate in known if _one_edit_apart(name, candidate)}
    return near.pop() if len(near) == 1 else None


@cache
def _national_names() -> tuple[dict[str, str], frozenset[str]]:
    """(code → national name, every national name)."""
    with NATIONAL_CLASSES.open(encoding="utf-8") as file:
        by_code = {row["function_code"]: row["function_name"] for row in csv.DictReader(file)}
    return by_code, frozenset(by_code.values())


def _national_name(amount: FunctionAmount) -> str | None:
    by_code, names = _national_names()
    name = amount.function_name
    if name in names:
        return None
    if amount.function_code in by_code:  # the code's own name first: the code says which row it is
        return by_code[amount.function_code] if _one_edit_apart(name, by_code[amount.function_code]) else None
    return nearest_known(name, names)


def with_national_names(amounts: list[FunctionAmount]) -> list[FunctionAmount]:
    """OCR'd 功能分类 rows with a name one misread character from a national name given that name."""
    result = []
    for amount in amounts:
        national = _national_name(amount) if amount.provenance.extraction_method == "ocr" else None
        result.append(dataclasses.replace(amount, function_name=national) if national else amount)
    return result
