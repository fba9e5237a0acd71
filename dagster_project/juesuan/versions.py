"""Code versions: a report is re-extracted when the code that extracted it changes."""

import hashlib
from functools import cache
from pathlib import Path

from .config import ocr_enabled, ocr_max_pages, ocr_min_confidence
from .limits import Limits
from .parsing.tables.ocr_names import NATIONAL_CLASSES

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def source_version(*parts: str) -> str:
    """Hash of the Python sources and the data files parsers read (vocabulary.csv) of the given subpackages or
    modules (12 hex digits)."""
    digest = hashlib.sha256()
    for part in parts:
        root = PACKAGE_DIR / part
        if not root.exists():  # a renamed package would otherwise hash as empty
            raise ValueError(f"no subpackage or module {part!r} in {PACKAGE_DIR}")
        for path in sorted(p for p in ([root] if root.is_file() else root.rglob("*")) if p.suffix in (".py", ".csv")):
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def extraction_version() -> str:
    """Facts depend on how a file is landed and parsed, on the shape they are stored in, and on the settings
    that change what is read: switching OCR on must re-read the reports rejected while it was off, and a file
    rejected past a limit is read again when the limit is raised."""
    settings = f"ocr={ocr_enabled()};ocr_max_pages={ocr_max_pages()};ocr_min_confidence={ocr_min_confidence()}"
    settings += f";{Limits.from_env()}"
    code = source_version("landing", "parsing", "extract", "facts", "limits.py", "numbers.py", "timestamps.py")
    # the national classification seed the parser reads to set OCR-misread names right
    seed = hashlib.sha256(NATIONAL_CLASSES.read_bytes()).hexdigest()[:12]
    return hashlib.sha256(f"{code};{seed};{settings}".encode()).hexdigest()[:12]
