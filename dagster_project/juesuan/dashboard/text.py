"""Report text for Streamlit's Markdown (subheaders, captions, labels): escaped as in the Markdown report, and
a word joiner (U+2060, invisible) put before the ":" of "://", the "." of "www." and any "@". Streamlit's GFM
turns URL- and e-mail-like text into links after escapes are resolved (`http\\://…` still became a link);
the joiner is what keeps those patterns from matching."""

import re

from ..findings_report.markdown import markdown_text

_AUTOLINK = re.compile(r"(?<=[a-z])(?=\\?://)|(?<=www)(?=\\?\.)|(?<!\\)(?=\\?@)", re.IGNORECASE)


def shown(text: str | None) -> str:
    return _AUTOLINK.sub("\u2060", markdown_text(text))
