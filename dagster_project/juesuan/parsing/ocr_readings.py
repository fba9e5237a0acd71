"""Facts read by OCR: mark them with how their source text was read, and keep unsure figures out.

A figure whose text OCR read with a confidence below the floor becomes a parse
issue, not a fact: a misread amount would otherwise fail (or, worse, pass)
reconciliation as if the report had printed it.
"""

import dataclasses

from ..landing.models import Line


def _marked(fact, ocr_lines: dict[int, Line]):
    """The fact with the OCR reading of the line it came from (table rows from cells carry theirs already)."""
    line = ocr_lines.get(fact.provenance.line_no)
    if line is None or fact.provenance.extraction_method == "ocr":
        return fact
    provenance = dataclasses.replace(fact.provenance, extraction_method="ocr", confidence=line.confidence)
    return dataclasses.replace(fact, provenance=provenance)


def _unsure(fact, floor: float) -> bool:
    confidence = fact.provenance.confidence
    return fact.provenance.extraction_method == "ocr" and confidence is not None and confidence < floor


def apply_ocr_readings(facts: list, lines: list[Line], issues: list[tuple[str, str]], floor: float) -> list:
    """`facts` marked with their OCR reading, without those below the floor (recorded in `issues`)."""
    ocr_lines = {line.line_no: line for line in lines if line.extraction_method == "ocr"}
    kept = []
    for fact in facts:
        bare = fact[0] if isinstance(fact, tuple) else fact  # budget execution rows travel with their code
        marked = _marked(bare, ocr_lines)
        if _unsure(marked, floor):
            where = f"page {marked.provenance.page_no}" + (
                f", line {marked.provenance.line_no}" if marked.provenance.line_no else ""
            )
            issues.append(
                (
                    f"ocr ({where})",
                    f"{type(marked).__name__} not kept: OCR read its text with confidence {marked.provenance.confidence:.2f}, "
                    f"below the floor {floor:.2f}: {marked.provenance.source_text[:120]}",
                )
            )
            continue
        kept.append((marked, *fact[1:]) if isinstance(fact, tuple) else marked)
    return kept
