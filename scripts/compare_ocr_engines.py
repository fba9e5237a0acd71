"""Measure OCR engines on real pages: share of the text layer's number tokens each engine reads back.

Usage: .venv/bin/python scripts/compare_ocr_engines.py PDF [PDF ...]
Each PDF's pages are rendered at the reader's DPI (as a scan would be) and read by
RapidOCR (through Juesuan's engine wrapper and cache) and, when installed, by
Tesseract 5 with chi_sim (`apt-get install tesseract-ocr tesseract-ocr-chi-sim`).
A measurement, not a test: it prints token counts and seconds per page.
"""

import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter

import numpy as np
import pdfplumber
from juesuan.landing.ocr.pages import DPI, _words, page_image
from PIL import Image

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _tokens(text: str) -> Counter:
    return Counter(token.replace(",", "") for token in _NUMBER.findall(text))


def _tesseract(image: np.ndarray) -> str:
    with tempfile.NamedTemporaryFile(suffix=".png") as file:
        Image.fromarray(image.rgb).save(file.name)
        return subprocess.run(
            ["tesseract", file.name, "-", "-l", "chi_sim", "--psm", "3"], capture_output=True, text=True, check=True
        ).stdout


def main(paths: list[str]) -> None:
    engines = {"rapidocr": lambda image: " ".join(w.text for w in _words(image)[0])}
    if shutil.which("tesseract"):
        engines["tesseract chi_sim"] = _tesseract
    expected_total, found, seconds = 0, Counter(), Counter()
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                expected = _tokens(" ".join(w["text"] for w in page.extract_words()))
                if not expected:
                    continue
                pages += 1
                expected_total += sum(expected.values())
                image = page_image(page)
                for name, read in engines.items():
                    started = time.perf_counter()
                    text = read(image)
                    seconds[name] += time.perf_counter() - started
                    found[name] += sum((expected & _tokens(text)).values())
    print(f"{pages} pages at {DPI} dpi, {expected_total} number tokens in the text layer")
    for name in engines:
        print(f"  {name}: {found[name]} read ({found[name] / expected_total:.1%}), {seconds[name] / pages:.1f} s/page")


if __name__ == "__main__":
    main(sys.argv[1:])
