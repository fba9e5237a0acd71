"""Regenerate the CJK font the HTML report carries (dagster_project/juesuan/findings_report/fonts/): Noto Sans CJK SC
Regular (SIL OFL 1.1) cut to ASCII and GB2312 (its 6,763 hanzi and its punctuation and full-width forms), renamed
so it never poses as the whole Noto font, as WOFF2.

    .venv/bin/pip install -c constraints.txt '.[font]' && .venv/bin/python scripts/cjk_font_subset.py
"""

import shutil
from importlib.metadata import distribution
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from noto_cjk_sans_otc import FONT_PATH

OUT = Path(__file__).resolve().parents[1] / "dagster_project" / "juesuan" / "findings_report" / "fonts"
FAMILY = "Juesuan CJK Fallback"
SC = "Noto Sans CJK SC"


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


def main() -> None:
    faces = [TTFont(str(FONT_PATH), fontNumber=n, lazy=True) for n in range(10)]
    number = next(n for n, face in enumerate(faces) if face["name"].getDebugName(1) == SC)
    font = TTFont(str(FONT_PATH), fontNumber=number)
    options = subset.Options()
    options.flavor, options.hinting, options.layout_features = "woff2", False, []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=set(range(0x20, 0x7F)) | gb2312())
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "")
    font.flavor = "woff2"
    OUT.mkdir(parents=True, exist_ok=True)
    font.save(OUT / "cjk-fallback.woff2")
    licence = next(f for f in distribution("noto-cjk-sans-otc").files if f.name == "LICENSE")
    shutil.copyfile(licence.locate(), OUT / "OFL.txt")
    print(OUT / "cjk-fallback.woff2", (OUT / "cjk-fallback.woff2").stat().st_size, "bytes")


if __name__ == "__main__":
    main()
