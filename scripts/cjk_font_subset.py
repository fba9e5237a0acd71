"""Regenerate the CJK fonts the HTML report carries (dagster_project/juesuan/findings_report/fonts/), from Noto Sans CJK SC
Regular (SIL OFL 1.1), renamed so they never pose as the whole Noto font, as WOFF2:

- cjk-fallback.woff2: ASCII and GB2312 (its 6,763 hanzi, punctuation and full-width forms), in every report;
- rare/U+XXXX.woff2: every other CJK character of the font (CJK symbols, kana, Extension A, the rest of the
  Unified Ideographs such as 硚, compatibility ideographs, full-width forms, the supplementary planes), in slices
  of 1,024 code points from U+XXXX; a report carries only the slices of the characters it prints.

    .venv/bin/pip install -c constraints.txt '.[font]' && .venv/bin/python scripts/cjk_font_subset.py
"""

import shutil
from importlib.metadata import distribution
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from noto_cjk_sans_otc import FONT_PATH

OUT = Path(__file__).resolve().parents[1] / "dagster_project" / "juesuan" / "findings_report" / "fonts"
SC = "Noto Sans CJK SC"
SLICE = 0x400
# CJK radicals to CJK Unified Ideographs, compatibility ideographs, vertical and full-width forms, planes 2 and 3.
CJK_RANGES = [(0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF)]


def gb2312() -> set[int]:
    """Code points of every GB2312 character: rows A1–A9 (symbols) and B0–F7 (hanzi)."""
    points = set()
    for high in [*range(0xA1, 0xAA), *range(0xB0, 0xF8)]:
        for low in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return points


def sc_face() -> int:
    faces = [TTFont(str(FONT_PATH), fontNumber=n, lazy=True) for n in range(10)]
    return next(n for n, face in enumerate(faces) if face["name"].getDebugName(1) == SC)


def write_subset(face: int, unicodes: set[int], family: str, path: Path) -> None:
    font = TTFont(str(FONT_PATH), fontNumber=face)
    options = subset.Options()
    options.flavor, options.hinting, options.layout_features = "woff2", False, []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "")
    font.flavor = "woff2"
    path.parent.mkdir(parents=True, exist_ok=True)
    font.save(path)
    print(path, path.stat().st_size, "bytes", flush=True)


def main() -> None:
    face = sc_face()
    common = set(range(0x20, 0x7F)) | gb2312()
    write_subset(face, common, "Juesuan CJK Fallback", OUT / "cjk-fallback.woff2")
    covered = set(TTFont(str(FONT_PATH), fontNumber=face, lazy=True).getBestCmap())
    rare = {p for p in covered - common if any(low <= p <= high for low, high in CJK_RANGES)}
    shutil.rmtree(OUT / "rare", ignore_errors=True)
    for start in sorted({p - p % SLICE for p in rare}):
        write_subset(
            face,
            {p for p in rare if start <= p < start + SLICE},
            "Juesuan CJK Rare",
            OUT / "rare" / f"U+{start:04X}.woff2",
        )
    licence = next(f for f in distribution("noto-cjk-sans-otc").files if f.name == "LICENSE")
    shutil.copyfile(licence.locate(), OUT / "OFL.txt")


if __name__ == "__main__":
    main()
