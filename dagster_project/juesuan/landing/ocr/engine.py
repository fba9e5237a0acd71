"""The OCR engine: RapidOCR (PP-OCRv4 models shipped inside its wheel, nothing downloaded), one per process."""

import multiprocessing
import os
from dataclasses import dataclass
from functools import cache

import numpy as np

from ...config import worker_count

# Part of the cache key: a different engine or model may read the same image differently.
ENGINE_VERSION = "rapidocr-onnxruntime==1.4.4 PP-OCRv4 use_cls=False, second reading below 0.9"
_SURE = 0.9  # a box read less surely than this is read a second time
_MARGIN = 3  # pixels of paper above and below the box in the second reading


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


def _second_reading(image: np.ndarray, word: Word) -> Word:
    """The box read again, cropped upright with a little paper above and below: the detector's tight crop of a
    lone short figure ("0") reads it right but unsurely (0.57-0.79 where the second reading gives 0.98). Only
    agreement raises the confidence; a different second text leaves the first reading as it was."""
    top, bottom = max(0, int(word.top) - _MARGIN), int(word.bottom) + _MARGIN
    crop = image[top:bottom, max(0, int(word.x0)) : int(word.x1) + 1]
    if crop.size == 0:
        return word
    (text, score), *_ = _engine().text_rec([np.ascontiguousarray(crop)])[0]
    if text != word.text or score <= word.confidence:
        return word
    return Word(word.text, float(score), word.x0, word.top, word.x1, word.bottom)


def recognize(image: np.ndarray) -> list[Word]:
    """Every text box on an RGB page image with its text and recognition confidence."""
    # The angle classifier flips short number boxes upside down on upright pages.
    result, _ = _engine()(image, use_cls=False)
    words = []
    for box, text, score in result or []:
        xs = [point[0] for point in box]
        ys = [point[1] for point in box]
        word = Word(text, float(score), min(xs), min(ys), max(xs), max(ys))
        words.append(_second_reading(image, word) if word.confidence < _SURE else word)
    return words
