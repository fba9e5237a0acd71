"""OCR results cached by page-image hash, so a rerun (or a copy of the same scan) is not OCR'd again."""

import hashlib
import json
import os
from dataclasses import asdict

import numpy as np

from ...config import ocr_cache_dir
from .engine import ENGINE_VERSION, Word


def page_key(image: np.ndarray) -> str:
    digest = hashlib.sha256(ENGINE_VERSION.encode())
    digest.update(repr(image.shape).encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def cached_words(key: str) -> list[Word] | None:
    path = ocr_cache_dir() / f"{key}.json"
    if not path.exists():
        return None
    return [Word(**word) for word in json.loads(path.read_text(encoding="utf-8"))]


def store_words(key: str, words: list[Word]) -> None:
    folder = ocr_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f"{key}.{os.getpid()}.tmp"  # workers may OCR the same page at once
    temporary.write_text(json.dumps([asdict(word) for word in words], ensure_ascii=False), encoding="utf-8")
    temporary.replace(folder / f"{key}.json")
