"""Normalisation shared by parsers: extraction tools add spaces, markup and quote variants."""

import re
from functools import lru_cache

# Leading markdown (headings, bullets, quotes) and inline emphasis.
_MARKUP = re.compile(r"^[\s#>\-]+|\*\*|`")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」")


@lru_cache(maxsize=1 << 16)  # parsers compact the same lines many times over
def compact(text: str) -> str:
    """Text without whitespace, markdown markup or quote marks, for matching labels."""
    return _SPACES.sub("", _MARKUP.sub("", text.translate(_QUOTES)))
