"""Row names OCR misread by one character, set right from the names the national templates print.

The recogniser drops or swaps a character of a name whose figures it reads right
(`般行政管理事务` for 一般行政管理事务, `…养老保险激费支出` for 缴费). The names of the
功能分类 rows are the national classification's (seeds/national_function_classes.csv),
and the summary tables' row labels are their templates'. An OCR'd name that is not a
known name but is one edit (a character dropped, added or swapped) from exactly one
known name is that name; a name two edits away, or as near to two names, is left as read.
A 功能分类 name is only ever set to a name its own code may print; the first line of a
wrapped name whose last line the recogniser missed (`社会保障和就业` / 支出) is its code's
national name too.
Text-layer names are never changed: a report may print its own wording.
"""

import csv
import dataclasses
from collections.abc import Iterable
from functools import cache

from ...config import DBT_PROJECT_DIR
from ..facts import FunctionAmount

NATIONAL_CLASSES = DBT_PROJECT_DIR / "seeds" / "national_function_classes.csv"
_MIN_WRAPPED = 4  # characters: the first line of a wrapped name, long enough to say which name it starts


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
def _national_names() -> dict[str, str]:
    """code → national name."""
    with NATIONAL_CLASSES.open(encoding="utf-8") as file:
        return {row["function_code"]: row["function_name"] for row in csv.DictReader(file)}


def _known_names(code: str | None) -> set[str]:
    """The names the row's code may print: its own national name; for a 项 the list does not hold, the names of
    the listed 项 with the same number (the classification repeats 01 行政运行, 02 一般行政管理事务, 50 事业运行 …
    under every 款). Never the other names: 计划生育服务 is one character from 计划生育事务, another row."""
    names = _national_names()
    if not code:
        return set()
    if code in names:
        return {names[code]}
    return {name for listed, name in names.items() if len(code) == len(listed) == 7 and listed[5:] == code[5:]}


def _national_name(amount: FunctionAmount) -> str | None:
    name, known = amount.function_name, _known_names(amount.function_code)
    if name in known:
        return None
    own = _national_names().get(amount.function_code or "")
    if own and len(name) >= _MIN_WRAPPED and own.startswith(name):
        return own  # a wrapped name whose last line the recogniser did not find (社会保障和就业 / 支出)
    return nearest_known(name, known)


def with_national_names(amounts: list[FunctionAmount]) -> list[FunctionAmount]:
    """OCR'd 功能分类 rows with a name one misread character from a national name given that name."""
    result = []
    for amount in amounts:
        national = _national_name(amount) if amount.provenance.extraction_method == "ocr" else None
        result.append(dataclasses.replace(amount, function_name=national) if national else amount)
    return result
