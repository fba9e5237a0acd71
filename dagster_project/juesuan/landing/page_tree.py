"""A PDF's page count, read from its page tree before anything is built from it.

qpdf's page list (pikepdf's `pdf.pages`) copies every page the tree references more than once, so a
6 MB file of one million references to one page cost 2.3 GB before the page limit was even compared.
The tree's /Count is read first; since a file can state any /Count, the tree's leaves are then counted
by walking /Kids, stopping as soon as the limit is passed, so neither a large nor a lying count costs
more than the limit's worth of work.
"""

import pikepdf

from ..limits import Limits
from .models import RejectedReport


def _over_limit(pages: str, limit: int, note: str = "") -> RejectedReport:
    return RejectedReport(f"PDF has {pages} pages{note}, over the limit of {limit} ({Limits.env_name('max_pages')})")


def checked_page_count(pdf: pikepdf.Pdf, limit: int) -> int:
    """The number of pages of the page tree; RejectedReport past `limit` or when the tree loops."""
    root = pdf.Root.get("/Pages")
    if not isinstance(root, pikepdf.Dictionary):
        return 0  # no page tree: pdfplumber finds no page, and the report is rejected as having none
    stated = root.get("/Count")
    if isinstance(stated, int) and int(stated) > limit:
        raise _over_limit(str(int(stated)), limit)
    leaves, seen, pending = 0, set(), [root]
    while pending:
        node = pending.pop()
        if node.is_indirect:
            if node.objgen in seen:  # an intermediate node met twice: the tree loops
                raise RejectedReport("PDF page tree loops back on itself; not read")
            seen.add(node.objgen)
        for kid in node.Kids:  # read one at a time: a flat tree of a million stops at the limit
            if isinstance(kid, pikepdf.Dictionary) and isinstance(kid.get("/Kids"), pikepdf.Array):
                pending.append(kid)
                continue
            leaves += 1  # a page: any node without kids is one to a reader
            if leaves > limit:
                raise _over_limit(f"more than {limit}", limit, f" (though its page tree's /Count says {stated})")
    return leaves
