"""Report text shown as data: control characters drawn as visible symbols, never acted on."""

import re

# C0 controls but tab, newline and carriage return (which text may hold), and DEL: the characters an XLSX file
# may not contain (openpyxl's IllegalCharacterError) and that nothing shown to a reader should act on.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible_controls(text: str) -> str:
    """Each control character as its Unicode “control picture” (\\x07 → ␇, DEL → ␡): kept visible, inert."""
    return _CONTROLS.sub(lambda m: chr(0x2400 + ord(m.group())) if m.group() != "\x7f" else "\u2421", text)
