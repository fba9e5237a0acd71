"""Text from reports (file names, organisation names, quotes) shown as data, never as control: in a terminal
(for_terminal) and in files people open (visible_controls: exports, the Markdown report).

A file name can carry ESC sequences that set the window title or clear the screen, a newline that forges a
summary line, or a bidirectional override that shows a name reversed. Every such character is shown as
its Python escape (\\x1b, \\n, \\u202e); everything printable, Chinese included, is shown as it is.
"""

import re
import unicodedata

# Bidirectional controls (Unicode category Cf) that reorder what follows them on the screen.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _shown(char: str) -> str:
    if char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs"):  # controls, C1 included; lone surrogates
        return char.encode("unicode_escape").decode("ascii")
    return char


def for_terminal(text: object) -> str:
    """One line of untrusted text, safe to print: control, bidi and lone-surrogate characters escaped."""
    return "".join(map(_shown, str(text)))


def lines_for_terminal(text: str) -> str:
    """Several lines whose line breaks are the program's own: every other control character escaped."""
    return "\n".join(for_terminal(line) for line in text.split("\n"))


# C0 controls but tab, newline and carriage return (which text may hold), and DEL: the characters an XLSX file
# may not contain (openpyxl's IllegalCharacterError) and that nothing shown to a reader should act on.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible_controls(text: str) -> str:
    """Each control character as its Unicode “control picture” (\\x07 → ␇, DEL → ␡): kept visible, inert."""
    return _CONTROLS.sub(lambda m: chr(0x2400 + ord(m.group())) if m.group() != "\x7f" else "\u2421", text)
