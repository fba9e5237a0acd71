"""The OCR engine: RapidOCR (PP-OCRv4 models shipped inside its wheel, nothing downloaded), one per process."""

import multiprocessing
import os
from dataclasses import dataclass
from functools import cache

import numpy as np

from ...config import worker_count

# Part of the cache key: a different engine or model may read the same image differently.
ENGINE_VERSION = "rapidocr-onnxruntime==1.4.4 PP-OCRv4 use_cls=False"


@dataclass(frozen=True)
class Word:
    """A recognised text box, in image pixels."""

    text: str
    confidence: float
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


def _threads() -> int:
    """All cores for a lone process; in an extraction worker, its share, so parallel workers do not oversubscribe."""
    cores = os.cpu_count() or 1
    return max(1, cores // worker_count()) if multiprocessing.parent_process() is not None else cores


@cache
def _engine():
    # onnxruntime's telemetry client writes a device id and a database under ~/.cache/Microsoft/DeveloperTools
    # unless this is set before it loads (telemetry events alone off still writes them); nothing of it is wanted.
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    import onnxruntime

    onnxruntime.disable_telemetry_events()  # onnxruntime ships a telemetry client; users' data stays here
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=_threads())


def recognize(image: np.ndarray) -> list[Word]:
    """Every text box on an RGB page image with its text and recognition confidence."""
    # The angle classifier flips short number boxes upside down on upright pages.
    result, _ = _engine()(image, use_cls=False)
    words = []
    for box, text, score in result or []:
        xs = [point[0] for point in box]
        ys = [point[1] for point in box]
        words.append(Word(text, float(score), min(xs), min(ys), max(xs), max(ys)))
    return words
