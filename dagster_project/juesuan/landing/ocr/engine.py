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
    "unsure boxes read with paper first and at 320 px only if still unsure, "
    "broken figures of ruled cells read whole only to add digits, 18,86 is 18.86"
)
SURE = 0.9  # a box read less surely than this is read a second time
_MARGIN = 3  # pixels of paper above and below the box in the second reading
# The recogniser pads every crop of a batch to at least 320 x 48 pixels and its cost grows with that width: a table's
# short figures (a "0" is 1:1, "1,234.56" about 4:1) cost as much as a line of text. Padded to 160 they read the same
# wherever the reading is sure (on 7 table pages, 1,000 boxes: every reading at 0.9 or above equalled the 320 one;
# at 96 px a "0" became a sure "o"); an unsure one is read again at the model's own 320. Recognition: 29 -> 17 CPU s.
_FIRST_WIDTH = 160
_MODEL_WIDTH = 320
_KEPT = 0.5  # RapidOCR drops a box read less surely than this (its text_score)


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
    """The engine's recogniser, reading a page's crops padded to `_FIRST_WIDTH` (about half the model's cost); it
    keeps the crops, so `recognize` can read the unsure ones again as the model was trained."""

    def __init__(self, recognizer):
        self.recognizer = recognizer
        self.crops: list[np.ndarray] = []

    def read(self, crops: list[np.ndarray], width: int) -> list[tuple[str, float]]:
        self.recognizer.rec_image_shape = [3, 48, width]
        try:
            readings, _ = self.recognizer(crops)
        finally:
            self.recognizer.rec_image_shape = [3, 48, _MODEL_WIDTH]
        return [(text, float(score)) for text, score in readings]

    def __call__(self, crops, return_word_box: bool = False) -> tuple[list[tuple[str, float]], float]:
        started = time.perf_counter()
        self.crops = [crops] if isinstance(crops, np.ndarray) else list(crops)
        return self.read(self.crops, _FIRST_WIDTH), time.perf_counter() - started


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


def _read_surely(reader: _NarrowFirst, crops: list[np.ndarray], readings: list[tuple[str, float]]) -> None:
    """The crops read below `SURE` at `_FIRST_WIDTH` read again at the model's own width (in place)."""
    unsure = [i for i, (_, score) in enumerate(readings) if score < SURE]
    if unsure:
        for i, reading in zip(unsure, reader.read([crops[i] for i in unsure], _MODEL_WIDTH)):
            readings[i] = reading


def read_crops(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """The text and confidence of each RGB crop of one line of text, in one batch."""
    reader = _engine().text_rec
    readings = reader.read(crops, _FIRST_WIDTH)
    _read_surely(reader, crops, readings)
    return readings


def _with_paper(image: np.ndarray, word: Word) -> np.ndarray | None:
    """The word's box cropped upright with a little paper above and below."""
    top, bottom = max(0, int(word.top) - _MARGIN), int(word.bottom) + _MARGIN
    crop = image[top:bottom, max(0, int(word.x0)) : int(word.x1) + 1]
    return np.ascontiguousarray(crop) if crop.size else None


def _settled(image: np.ndarray, words: list[Word], reader: _NarrowFirst) -> list[Word]:
    """The boxes read below `SURE` at `_FIRST_WIDTH` read again, in batches. The detector's tight crop of a lone short
    figure ("0") reads it right but unsurely (0.57-0.79), and with a little paper above and below surely (0.98): that
    reading, at `_FIRST_WIDTH`, comes first, and where it agrees surely the box is settled (most unsure boxes of a
    budget page of "0" cells). The rest are read as the model was trained (`_MODEL_WIDTH`), which gives their text;
    those still unsure take the paper reading's confidence where it reads the same text more surely."""
    readings = [(word.text, word.confidence) for word in words]
    unsure = [i for i, (_, score) in enumerate(readings) if score < SURE]
    papered = {i: crop for i in unsure if (crop := _with_paper(image, words[i])) is not None}
    paper = dict(zip(papered, reader.read(list(papered.values()), _FIRST_WIDTH))) if papered else {}
    settled = {i for i, (text, score) in paper.items() if text == readings[i][0] and score >= SURE}
    rest = [i for i in unsure if i not in settled]
    if rest:
        for i, reading in zip(rest, reader.read([reader.crops[i] for i in rest], _MODEL_WIDTH)):
            readings[i] = reading
    # RapidOCR's own floor (text_score), on the crop's reading as it applied it; a box settled by its paper is sure
    kept = [i for i, (_, score) in enumerate(readings) if score >= _KEPT or i in settled]
    again = [i for i in rest if i in paper and readings[i][1] < SURE and paper[i][1] < SURE]
    if again:
        for i, reading in zip(again, reader.read([papered[i] for i in again], _MODEL_WIDTH)):
            paper[i] = reading
    for i in settled | {i for i in rest if i in paper and readings[i][1] < SURE}:
        text, score = paper[i]
        if text == readings[i][0] and score > readings[i][1]:
            readings[i] = (text, score)
    return [Word(*readings[i], words[i].x0, words[i].top, words[i].x1, words[i].bottom) for i in kept]


def recognize(image: np.ndarray) -> list[Word]:
    """Every text box on an RGB page image with its text and recognition confidence."""
    reader = _engine().text_rec
    # The angle classifier flips short number boxes upside down on upright pages. text_score=0: no box is dropped
    # before its readings are settled, so the boxes stay in the order of the reader's crops.
    result, _ = _engine()(image, use_cls=False, text_score=0)
    words = []
    for box, text, score in result or []:
        xs = [point[0] for point in box]
        ys = [point[1] for point in box]
        words.append(Word(text, float(score), min(xs), min(ys), max(xs), max(ys)))
    return _settled(image, words, reader) if words else []
