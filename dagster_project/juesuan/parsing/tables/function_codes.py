"""Function (功能分类) codes: levels, and codes recovered where a table truncates or omits them.

Some extractions truncate codes (sample 004's T02 prints 款 and 项 codes as
"2010") or give names only (T04, the narrative). The same report's T03/T05
list the same rows in the same order with full codes, so codes are recovered
by walking those rows in order and matching names (which may be truncated too).
"""

import dataclasses
import re

from ..facts import BudgetExecution, FunctionAmount

LEVELS = {3: "class", 5: "section", 7: "item"}
REFERENCE_TABLES = ("T03", "T05", "T02", "B03", "B05", "B02")  # tables that print full codes


def level_of(code: str | None) -> str | None:
    return LEVELS.get(len(code)) if code else None


_FULL_WIDTH = str.maketrans("（）", "()")


def _names_match(a: str, b: str) -> bool:
    """Same name, or one a truncation of the other; bracket widths vary between tables."""
    shorter, longer = sorted((a.translate(_FULL_WIDTH), b.translate(_FULL_WIDTH)), key=len)
    return len(shorter) >= 2 and longer.startswith(shorter)


def recover_codes(amounts: list[FunctionAmount]) -> list[FunctionAmount]:
    reference = [
        a
        for table in REFERENCE_TABLES
        for a in amounts
        if a.provenance.source_table == table and level_of(a.function_code)
    ]
    recovered = []
    for table in sorted({a.provenance.source_table for a in amounts}, key=str):
        rows = [a for a in amounts if a.provenance.source_table == table]
        if all(level_of(a.function_code) for a in rows):
            recovered.extend(rows)
            continue
        donors = [r for r in reference if r.provenance.source_table != table]
        recovered.extend(_recover_table(rows, donors))
    return recovered


def _recover_table(rows: list[FunctionAmount], donors: list[FunctionAmount]) -> list[FunctionAmount]:
    """Rows without a full code take the next donor row (in order) whose name and code prefix match."""
    classes = {d.function_name: d for d in donors if level_of(d.function_code) == "class"}
    result, position = [], 0
    for row in rows:
        if level_of(row.function_code):
            result.append(row)
            continue
        if row.function_code is None:  # names only (T04, narrative): classes by name
            donor = next((d for name, d in classes.items() if _names_match(name, row.function_name)), None)
        else:
            donor = next(
                (
                    d
                    for d in donors[position:]
                    if d.function_code.startswith(row.function_code)
                    and _names_match(d.function_name, row.function_name)
                ),
                None,
            )
            if donor is not None:
                position = donors.index(donor, position) + 1
        if donor is None:
            result.append(row)
        else:
            result.append(
                dataclasses.replace(
                    row, function_code=donor.function_code, code_recovered_from=donor.provenance.source_table
                )
            )
    return result


def _codes_by_name(amounts: list[FunctionAmount]) -> dict[tuple[str | None, str], FunctionAmount]:
    by_name: dict[tuple[str | None, str], FunctionAmount] = {}
    for amount in amounts:
        if level_of(amount.function_code):
            parent = amount.function_code[:-2] if len(amount.function_code) > 3 else None
            by_name.setdefault((parent, amount.function_name), amount)
    return by_name


def _code_for_names(names: list[str], by_name: dict[tuple[str | None, str], FunctionAmount]) -> FunctionAmount | None:
    """Walk class → section → item names down the codes the tables print."""
    parent, found = None, None
    for name in names:
        found = next((a for (p, n), a in by_name.items() if p == parent and _names_match(n, name)), None)
        if found is None:
            return None
        parent = found.function_code
    return found


def code_for_path(names: list[str], amounts: list[FunctionAmount]) -> tuple[str | None, str | None]:
    """(code, table it came from) of a 类/款/项 name path, from the report's own tables."""
    found = _code_for_names(names, _codes_by_name(amounts))
    return (found.function_code, found.provenance.source_table) if found else (None, None)


def execution_codes(executions: list[BudgetExecution], amounts: list[FunctionAmount]) -> list[str | None]:
    """The code of each budget-execution path (类/款/项 names), from the report's own tables."""
    by_name = _codes_by_name(amounts)
    codes = []
    for execution in executions:
        found = _code_for_names(_path_names(execution.function_path), by_name)
        codes.append(found.function_code if found else None)
    return codes


def _path_names(path: str) -> list[str]:
    return [name for name in re.split(r"[（(](?:类|款|项)[)）]", path) if name]
