"""The OCR engine: RapidOCR (PP-OCRv4 models shipped inside its wheel, nothing downloaded), one per process."""

import multiprocessing
import os
import time
from dataclasses import dataclass
from functools import cache

import numpy as np

from ...config import worker_count

# Part of the cache key: a different engine or model may read the same image differently.
ENGINE_VERSION = (
    "rapidocr-onnxruntime==1.4.4 PP-OCRv4 use_cls=False, first reading padded to 160 px, "
    "second reading below 0.9, broken figures of ruled cells read whole only to add digits, 18,86 is 18.86"
)
SURE = 0.9  # a box read less surely than this is read a second time
_MARGIN = 3  # pixels of paper above and below the box in the second reading
# The recogniser pads every crop of a batch to at least 320 x 48 pixels and its cost grows with that width: a table's
# short figures (a "0" is 1:1, "1,234.56" about 4:1) cost as much as a line of text. Padded to 160 they read the same
# wherever the reading is sure (on 7 table pages, 1,000 boxes: every reading at 0.9 or above equalled the 320 one;
# at 96 px a "0" became a sure "o"); an unsure one is read again at the model's own 320. Recognition: 29 -> 17 CPU s.
_FIRST_WIDTH = 160
_MODEL_WIDTH = 320


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


class _NarrowFirst:
    """The engine's recogniser, reading every crop padded to `_FIRST_WIDTH` first and the unsure ones again as the
    model was trained (padded to `_MODEL_WIDTH`): the same readings for about half the recognition time."""

    def __init__(self, recognizer):
        self.recognizer = recognizer

    def _read(self, crops: list[np.ndarray], width: int) -> list[tuple[str, float]]:
        self.recognizer.rec_image_shape = [3, 48, width]
        try:
            readings, _ = self.recognizer(crops)
        finally:
            self.recognizer.rec_image_shape = [3, 48, _MODEL_WIDTH]
        return readings

    def __call__(self, crops, return_word_box: bool = False) -> tuple[list[tuple[str, float]], float]:
        started = time.perf_counter()
        crops = [crops] if isinstance(crops, np.ndarray) else list(crops)
        readings = self._read(crops, _FIRST_WIDTH)
        unsure = [i for i, (_, score) in enumerate(readings) if score < SURE]
        if unsure:
            for i, reading in zip(unsure, self._read([crops[i] for i in unsure], _MODEL_WIDTH)):
                readings[i] = reading
        return readings, time.perf_counter() - started


@cache
def _engine():
    # onnxruntime's telemetry client writes a device id and a database under ~/.cache/Microsoft/DeveloperTools
    # unless this is set before it loads (telemetry events alone off still writes them); nothing of it is wanted.
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    import onnxruntime

    onnxruntime.disable_telemetry_events()  # onnxruntime ships a telemetry client; users' data stays here
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(intra_op_num_threads=_threads())
    engine.text_rec = _NarrowFirst(engine.text_rec)  # RapidOCR calls text_rec(crops, return_word_box)
    return engine


def read_crops(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """The text and confidence of each RGB crop of one line of text, in one batch."""
    readings, _ = _engine().text_rec(crops)
    return [(text, float(score)) for text, score in readings]


def _second_readings(image: np.ndarray, words: list[Word]) -> list[Word]:
    """The unsure boxes read again, cropped upright with a little paper above and below, all in one batch: the
    detector's tight crop of a lone short figure ("0") reads it right but unsurely (0.57-0.79 where the second
    reading gives 0.98). Only agreement raises the confidence; a different second text leaves the first reading."""
    unsure = [i for i, word in enumerate(words) if word.confidence < SURE]
    crops = {}
    for i in unsure:
        word = words[i]
        top, bottom = max(0, int(word.top) - _MARGIN), int(word.bottom) + _MARGIN
        crop = image[top:bottom, max(0, int(word.x0)) : int(word.x1) + 1]
        if crop.size:
            crops[i] = np.ascontiguousarray(crop)
    if not crops:
        return words
    readings = read_crops(list(crops.values()))
    words = list(words)
    for i, (text, score) in zip(crops, readings):
        word = words[i]
        if text == word.text and score > word.confidence:
            words[i] = Word(word.text, float(score), word.x0, word.top, word.x1, word.bottom)
    return words


def recognize(image: np.ndarray) -> list[Word]:
    """Every text box on an RGB page image with its text and recognition confidence."""
    # The angle classifier flips short number boxes upside down on upright pages.
    result, _ = _engine()(image, use_cls=False)
    words = []
    for box, text, score in result or []:
        xs = [point[0] for point in box]
        ys = [point[1] for point in box]
        words.append(Word(text, float(score), min(xs), min(ys), max(xs), max(ys)))
    return _second_readings(image, words)
