"""A scanned page made clean before recognition: seal ink dropped, paper evened out, noise smoothed, page turned straight.

A photocopied and scanned page is grey, unevenly lit, noisy and turned by a degree
or two; a red seal may lie over a table. Ruling lines at an angle make no grid and
the recogniser reads grey, speckled digits less surely. Everything here is plain
image arithmetic (OpenCV, NumPy) on the CPU; a clean rendered page comes out as it
went in, up to rounding.
"""

from dataclasses import dataclass

import cv2
import numpy as np

_SEAL_REDNESS = 30  # red minus the larger of green and blue: seal ink, never black or grey print
_MAX_SKEW = 3.0  # degrees searched either way; scanners turn pages by at most a degree or two
_SPECK = 3  # pixels: dark specks this small on a noisy page are dust
_STRAIGHT = 0.08  # degrees: a page turned by less (one search step) is left as it is: 0.1° is 2 pixels across a page


@dataclass(frozen=True)
class CleanPage:
    gray: np.ndarray  # the cleaned page, grey levels, white paper at 255
    skew: float  # degrees the page was turned back (0 when it was straight)

    @property
    def rgb(self) -> np.ndarray:
        return cv2.cvtColor(self.gray, cv2.COLOR_GRAY2RGB)

    def box_on_page(self, x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
        """A box of the straightened image in the image as scanned: the bounds of its corners turned back."""
        if not self.skew:
            return x0, top, x1, bottom
        height, width = self.gray.shape
        back = cv2.getRotationMatrix2D((width / 2, height / 2), -self.skew, 1.0)
        corners = np.array([[x0, top, 1], [x1, top, 1], [x0, bottom, 1], [x1, bottom, 1]]) @ back.T
        return (
            float(corners[:, 0].min()),
            float(corners[:, 1].min()),
            float(corners[:, 0].max()),
            float(corners[:, 1].max()),
        )


def _without_seal(image: np.ndarray) -> np.ndarray:
    """Grey levels in which red seal ink is paper: under a seal, the red channel scaled so the seal's ink is white.

    Black print under a seal keeps its dark red channel. JPEG keeps colour at half
    resolution, so a seal stroke's edges are barely red: the red area is widened by
    two pixels, where black print stays dark all the same.
    """
    rgb = image.astype(np.int16)
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    red = rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2]) > _SEAL_REDNESS
    if red.sum() < 100:  # no seal (a few reddish pixels are JPEG noise)
        return gray
    seal_ink = max(float(np.median(image[..., 0][red])), 1.0)
    seal = cv2.dilate(red.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    lifted = np.clip(image[..., 0].astype(np.float32) * 255 / seal_ink, 0, 255).astype(np.uint8)
    return np.where(seal, np.maximum(gray, lifted), gray)


def _even_paper(gray: np.ndarray) -> np.ndarray:
    """Divide by the paper's own brightness (a wide closing removes the print): grey or unevenly lit paper becomes white."""
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    paper = cv2.resize(cv2.blur(paper, (9, 9)), (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    evened = gray.astype(np.float32) / np.maximum(paper.astype(np.float32), 1) * 255
    # Ink as dark as it was printed: the darkest print (1st percentile of what is not paper) becomes black.
    ink = evened[evened < 160]
    darkest = float(np.percentile(ink, 1)) if ink.size > 100 else 0.0
    stretched = (evened - darkest) * 255 / max(255 - darkest, 1)
    return np.clip(stretched, 0, 255).astype(np.uint8)


def _smoothed(gray: np.ndarray) -> np.ndarray:
    """Sensor noise smoothed away (edge-preserving filter) and dust specks removed; a clean page is left as it is."""
    if _noise_level(gray) < 4:  # a rendered or clean page: nothing to smooth
        return gray
    smooth = cv2.bilateralFilter(gray, 5, 40, 5)
    # Specks of at most 3 pixels: a printed decimal point at 170 dpi covers 4 to 8 (the recogniser reads specks as points).
    count, labels, stats, _ = cv2.connectedComponentsWithStats((smooth < 160).astype(np.uint8), connectivity=8)
    specks = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] <= _SPECK)
    specks = specks[specks > 0]
    smooth[np.isin(labels, specks)] = 255
    return smooth


def _noise_level(gray: np.ndarray) -> float:
    """How much the paper itself varies from pixel to pixel (median absolute Laplacian of paper-coloured pixels)."""
    paper = gray > 200
    if paper.sum() < 1000:
        return 0.0
    laplacian = np.abs(cv2.Laplacian(gray, cv2.CV_16S))
    return float(np.median(laplacian[paper]))


def _profile_sharpness(ink: np.ndarray, degrees: float) -> float:
    """How sharply the ink falls into rows when the page is turned by `degrees`: text lines and rulings give peaks."""
    height, width = ink.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    rows = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_NEAREST).sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def _ink_at(gray: np.ndarray, longest: int) -> np.ndarray:
    scale = longest / max(gray.shape)
    return (cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) < 160).astype(np.float32)


def skew_angle(gray: np.ndarray) -> float:
    """The page's skew in degrees, by the projection profile of its ink (ruling lines and text lines alike).

    Coarse steps on a small copy, then 0.05° steps on a larger one: a line 1,400 pixels
    long then ends at most a pixel off.
    """
    coarse = _ink_at(gray, 600)
    if coarse.sum() < 100:
        return 0.0
    best = max(np.arange(-_MAX_SKEW, _MAX_SKEW + 0.01, 0.25), key=lambda a: _profile_sharpness(coarse, a))
    fine = _ink_at(gray, 1200)
    best = max(np.arange(best - 0.2, best + 0.21, 0.05), key=lambda a: _profile_sharpness(fine, a))
    return round(float(best), 2)


def _straightened(gray: np.ndarray, degrees: float) -> np.ndarray:
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=255)


def clean_page(image: np.ndarray) -> CleanPage:
    """The RGB page image cleaned for recognition and ruling-line detection."""
    gray = _smoothed(_even_paper(_without_seal(image)))
    skew = skew_angle(gray)
    if abs(skew) < _STRAIGHT:
        return CleanPage(gray, 0.0)
    return CleanPage(_straightened(gray, skew), skew)
