"""Scan-like copies of the sample PDFs: what a photocopied, scanned page looks like, made deterministically.

A real scan is grey, turned by a degree or two, noisy, JPEG-compressed, sometimes
stamped with a red seal over a table or bowed where the page did not lie flat.
Each degradation class below makes one of these (on top of the grey paper and the
JPEG compression every scan has), seeded by the sample's name, the page and the
class, so the same corpus comes out on every machine. Nothing is downloaded.

Only the pages given are turned into images; the others keep their text layer, so
a copy of a report's table pages compares table facts with its original directly.
"""

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np


@dataclass(frozen=True)
class Degradation:
    name: str
    dpi: int
    skew: bool = False  # turned by up to 2°, either way
    noise: bool = False  # sensor noise and dust specks
    seal: bool = False  # a red seal over the page's table
    curve: bool = False  # the page bowed in the scanner
    lineless: bool = False  # the table printed without ruling lines (or a copy too faint to keep them)
    quality: tuple[int, int] = (55, 70)  # JPEG quality drawn from this range


# One class per degradation of the issue, the photocopy that has them all, and a table without ruling lines.
DEGRADATIONS = {
    d.name: d
    for d in (
        Degradation("skew", 200, skew=True),
        Degradation("150dpi", 150),
        Degradation("noise", 200, noise=True),
        Degradation("jpeg40", 200, quality=(40, 45)),
        Degradation("seal", 200, seal=True),
        Degradation("curve", 200, curve=True),
        Degradation("lineless", 200, lineless=True),
        Degradation("photocopy", 150, skew=True, noise=True, quality=(40, 70)),
    )
}


def _rng(*parts) -> np.random.Generator:
    seed = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return np.random.default_rng(int.from_bytes(seed[:8], "little"))


def _grey_paper(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A photocopy's contrast: paper a little grey, ink not quite black, lighting uneven across the page."""
    height, width = image.shape[:2]
    paper, ink = rng.uniform(215, 235), rng.uniform(30, 60)
    shade = np.linspace(0, rng.uniform(-12, 12), width)[None, :, None]
    return ink + image.astype(np.float32) * (paper - ink) / 255 + shade


def _rotated(image: np.ndarray, degrees: float, paper: float) -> np.ndarray:
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=(paper,) * 3)


def _bowed(image: np.ndarray, rng: np.random.Generator, paper: float) -> np.ndarray:
    """Rows bend down towards the middle of the page, as a page not flat on the glass does (about 0.3% of its height)."""
    height, width = image.shape[:2]
    sag = rng.uniform(0.0025, 0.0035) * height
    xs, ys = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
    across = (xs - width / 2) / (width / 2)
    map_y = ys - sag * (1 - across**2)
    return cv2.remap(image, xs, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(paper,) * 3)


def _without_lines(image: np.ndarray, dpi: int) -> np.ndarray:
    """The page with its ruling lines erased: runs of ink longer than two characters (no stroke of text is), widened
    by a pixel to take their anti-aliased edges too, turned to paper."""
    ink = np.where(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) < 200, 255, 0).astype(np.uint8)
    length = dpi * 24 // 72
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    lines |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    erased = image.copy()
    erased[cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0] = 255
    return erased


def _noisy(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    noisy = image + rng.normal(0, rng.uniform(8, 14), image.shape[:2])[..., None]
    height, width = image.shape[:2]
    for _ in range(int(height * width / 4000)):  # dust: dark specks of one to two pixels
        y, x = rng.integers(0, height - 2), rng.integers(0, width - 2)
        noisy[y : y + rng.integers(1, 3), x : x + rng.integers(1, 3)] = rng.uniform(40, 120)
    return noisy


def _sealed(
    image: np.ndarray, rng: np.random.Generator, dpi: int, table_box: tuple[float, float, float, float] | None
) -> np.ndarray:
    """A red seal (ring, star, arc of strokes) stamped over the table, or the page's middle without one."""
    height, width = image.shape[:2]
    x0, top, x1, bottom = [v * dpi / 72 for v in table_box] if table_box else (0, 0, width, height)
    centre = (
        int(rng.uniform(x0 + (x1 - x0) * 0.3, x0 + (x1 - x0) * 0.7)),
        int(rng.uniform(top + (bottom - top) * 0.2, top + (bottom - top) * 0.6)),
    )
    radius = int(dpi * 0.8)  # a 4 cm seal
    stamp = np.zeros((height, width), np.uint8)
    cv2.circle(stamp, centre, radius, 255, max(2, dpi // 30))
    star = [
        (
            centre[0] + radius * 0.3 * np.cos(a) * (1 if i % 2 == 0 else 0.4),
            centre[1] + radius * 0.3 * np.sin(a) * (1 if i % 2 == 0 else 0.4),
        )
        for i, a in enumerate(np.linspace(-np.pi / 2, 1.5 * np.pi, 11)[:-1])
    ]
    cv2.fillPoly(stamp, [np.array(star, np.int32)], 255)
    for angle in np.linspace(200, 340, 12):  # the unit's name around the top: short strokes standing in for characters
        a = np.radians(angle)
        cx, cy = centre[0] + 0.72 * radius * np.cos(a), centre[1] + 0.72 * radius * np.sin(a)
        for _ in range(3):
            dx, dy = rng.uniform(-dpi / 14, dpi / 14, 2)
            cv2.line(stamp, (int(cx - dx), int(cy - dy)), (int(cx + dx), int(cy + dy)), 255, max(2, dpi // 60))
    strength = (stamp.astype(np.float32) / 255 * rng.uniform(0.6, 0.85))[..., None]
    red = np.array([200, 30, 40], np.float32)  # RGB: seal ink
    return image * (1 - strength) + np.minimum(image, red) * strength


def degrade_page(image: np.ndarray, degradation: Degradation, seed: tuple, table_box=None) -> bytes:
    """A JPEG of the RGB page image as scanned with the given degradation; `seed` names the page."""
    rng = _rng(degradation.name, *seed)
    paper = 225.0
    page = _grey_paper(_without_lines(image, degradation.dpi) if degradation.lineless else image, rng)
    if degradation.seal:
        page = _sealed(page, rng, degradation.dpi, table_box)
    if degradation.curve:
        page = _bowed(page, rng, paper)
    if degradation.skew:
        page = _rotated(page, float(rng.choice([-1, 1]) * rng.uniform(0.5, 2.0)), paper)
    if degradation.noise:
        page = _noisy(page, rng)
    page = np.clip(page, 0, 255).astype(np.uint8)
    if not degradation.seal:
        page = np.repeat(
            cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)[..., None], 3, axis=2
        )  # a grey scan; a seal scan is in colour
    quality = int(rng.integers(degradation.quality[0], degradation.quality[1] + 1))
    ok, encoded = cv2.imencode(".jpg", cv2.cvtColor(page, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return encoded.tobytes()


def table_boxes(source: Path, pages: set[int]) -> dict[int, tuple[float, float, float, float]]:
    """Page number (1-based) → the box of its first ruled table, in PDF points, for those of `pages` that have one."""
    import pdfplumber

    boxes = {}
    with pdfplumber.open(source) as pdf:
        for page_no in sorted(pages):
            page = pdf.pages[page_no - 1]
            tables = page.find_tables()
            if tables and page.chars:
                boxes[page_no] = tables[0].bbox
    return boxes


def scanned_copy(
    source: Path, path: Path, degradation: Degradation, pages: set[int], last_page: int | None = None
) -> Path:
    """A copy of `source` whose `pages` are degraded scans; the other pages keep their text layer. With `last_page`,
    the copy ends there (a test of one page need not read the rest of the report)."""
    import pypdfium2 as pdfium

    from tests.pdf_factory import add_scanned_page

    boxes = table_boxes(source, pages) if degradation.seal else {}
    original = pdfium.PdfDocument(source)
    copy = pdfium.PdfDocument.new()
    for index in range(min(len(original), last_page or len(original))):
        if index + 1 not in pages:
            copy.import_pages(original, [index])
            continue
        image = np.array(original[index].render(scale=degradation.dpi / 72).to_pil().convert("RGB"))
        scan = degrade_page(image, degradation, (source.name, index + 1), boxes.get(index + 1))
        add_scanned_page(copy, original[index].get_size(), io.BytesIO(scan))
    copy.save(path)
    return path
