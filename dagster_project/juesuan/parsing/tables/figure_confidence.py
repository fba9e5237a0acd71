"""An OCR'd table fact's confidence: that of the cells it carries, not of its whole row.

A row read by OCR holds figures the fact does not use (a lone `0` in another column,
the other side of a two-sided table, a T06 row's other code | name | amount triples).
One of them read unsurely says nothing about the fact's own figures, yet the row's
least sure figure would drop the fact below the floor. So a fact made from a row gets
the least confidence of the row's cells that print one of its figures or a part of
its code; a fact none of whose figures is found in the row keeps the row's.
"""

import dataclasses
import re
from decimal import Decimal

from ...numbers import parse_number
from ..facts import Provenance
from .blocks import TableBlock, TableRow

_CODE_FIELDS = ("function_code", "economic_code")
_CODE_PART = re.compile(r"^\d{2,7}$")  # 类 201, 款 or 项 05, or the whole code; a lone digit is a figure (0)


def _carried(fact) -> tuple[set[Decimal], str]:
    """The fact's figures and its code."""
    figures = {getattr(fact, f.name) for f in dataclasses.fields(fact) if isinstance(getattr(fact, f.name), Decimal)}
    code = next((getattr(fact, name) for name in _CODE_FIELDS if getattr(fact, name, None)), "")
    return figures, code


def _cells_confidence(rows: list[TableRow], figures: set[Decimal], code: str) -> float | None:
    """The least confidence of the cells printing one of the figures or a part of the code, None without any."""
    found = [
        confidence
        for row in rows
        for text, confidence in zip(row.cells, row.confidences or ())
        if confidence is not None
        and text
        and (parse_number(text) in figures or (code and _CODE_PART.match(text) and text in code))
    ]
    return min(found, default=None)


def with_carried_confidence(facts: list, blocks: list[TableBlock]) -> list:
    """`facts` whose OCR'd table row is known, each with the confidence of the cells it carries."""
    rows_of: dict[Provenance, list[TableRow]] = {}
    for block in blocks:
        for row in block.rows:
            if row.confidences and row.provenance.extraction_method == "ocr":
                rows_of.setdefault(row.provenance, []).append(row)
    result = []
    for fact in facts:
        bare = fact[0] if isinstance(fact, tuple) else fact  # budget execution rows travel with their code
        rows = rows_of.get(bare.provenance)
        confidence = _cells_confidence(rows, *_carried(bare)) if rows else None
        if confidence is not None:
            bare = dataclasses.replace(bare, provenance=dataclasses.replace(bare.provenance, confidence=confidence))
        result.append((bare, *fact[1:]) if isinstance(fact, tuple) else bare)
    return result
