"""Which pages need OCR: no text layer, or little text while an image covers most of the page."""

from dataclasses import dataclass

import pdfplumber

IMAGE_SHARE = 0.5  # an image covering at least half the page is the page's content
TEXT_SHARE = 0.05  # characters covering under 5% of the page are a title or a stamp, not its content


@dataclass(frozen=True)
class Triage:
    needs_ocr: bool
    reason: str


def _area(x0: float, top: float, x1: float, bottom: float) -> float:
    return max(0.0, x1 - x0) * max(0.0, bottom - top)


def _covered_share(page: pdfplumber.page.Page, objects: list[dict]) -> float:
    page_x0, page_top, page_x1, page_bottom = page.bbox
    clipped = (
        _area(max(o["x0"], page_x0), max(o["top"], page_top), min(o["x1"], page_x1), min(o["bottom"], page_bottom))
        for o in objects
    )
    return min(1.0, sum(clipped) / _area(*page.bbox))


def triage_page(page: pdfplumber.page.Page) -> Triage:
    if not page.chars:
        return Triage(True, "no text layer")
    image_share = _covered_share(page, page.images)
    text_share = _covered_share(page, page.chars)
    if image_share >= IMAGE_SHARE and text_share < TEXT_SHARE:
        return Triage(True, f"an image covers {image_share:.0%} of the page, its text only {text_share:.1%}")
    return Triage(False, f"text layer ({len(page.chars)} characters)")
