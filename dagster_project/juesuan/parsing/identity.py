"""Report identity: organisation, region, fiscal year, report type, publication date.

Read from the document's own structure: the title block (first lines), the
part headings ("第一部分 X概况", "第二部分 X 2023 年度部门决算表") and a date
line under the title. Never from the file name.
"""

import re
from dataclasses import dataclass
from datetime import date

from ..landing.models import Line
from .text_norm import compact

_TITLE_BLOCK_LINES = 12  # the cover page: title, organisation, year, date
_HEAD_LINES = 200  # where the part headings of the table of contents stand

_YEAR = r"(?P<year>(?:19|20)\d{2})"
_KIND = r"(?:部门)?(?P<kind>决算|预算)"
_ORG = r"[^\d年月日]{2,40}?"  # an organisation name has no digits or dates
# "2024年度武汉市蔡甸区人民政府办公室本级部门决算" or "西南大学2023年度部门决算".
_TITLES = (
    re.compile(r"^(?P<org>" + _ORG + r")(?:本级)?" + _YEAR + r"年度?" + _KIND),
    re.compile(_YEAR + r"年度?+(?!部门)(?P<org>" + _ORG + r")(?:本级)?" + _KIND),
)
_PART_ONE = re.compile(r"^第一部分(?P<org>.+?)(?:本级)?概况$")
_PART_TWO = re.compile(r"^第二部分(?P<org>.*?)(?:本级)?" + _YEAR + r"?年度?(?:部门)?(?P<kind>决算|预算)表$")
_LONE_YEAR = re.compile(r"^" + _YEAR + r"$")
_DATE = re.compile(r"^(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?$")
# Province, city, then district or county: "武汉市洪山区", "上海市普陀区".
_REGION = re.compile(r"^(?:[^省市]{2,7}(?:省|自治区))?(?:[^省市区县]{1,7}市)?(?:[^省市区县]{1,4}(?:区|县|旗))?")


@dataclass(frozen=True)
class ReportIdentity:
    organization_name: str | None
    region_name: str | None
    fiscal_year: int | None
    report_type: str | None  # final_account | budget
    published_on: date | None
    published_text: str | None  # as printed, also when only year and month are given
    source_line_no: int | None  # the line the organisation came from
    source_text: str | None


def region_of(organization_name: str | None) -> str | None:
    match = _REGION.match(organization_name or "")
    return match.group(0) or None if match else None


def _report_type(kind: str | None) -> str | None:
    return {"决算": "final_account", "预算": "budget"}.get(kind or "")


def parse_report_identity(lines: list[Line]) -> ReportIdentity:
    head = [(line, compact(line.text)) for line in lines[:_HEAD_LINES] if line.text.strip()]
    org = org_line = year = kind = None

    for line, text in head:
        if part := _PART_ONE.match(text):
            org, org_line = part.group("org"), line
            break
    for line, text in head:
        if part := _PART_TWO.match(text):
            org, org_line = org or part.group("org") or None, org_line or line
            year = year or part.group("year")
            kind = kind or part.group("kind")

    title_block = head[:_TITLE_BLOCK_LINES]
    title_text = "".join(text for _, text in title_block)
    if title := next((m for pattern in _TITLES if (m := pattern.search(title_text))), None):
        year = year or title.group("year")
        kind = kind or title.group("kind")
        if org is None:
            org = title.group("org")
            org_line = next((line for line, text in title_block if org in text), title_block[0][0])
    if org is None and title_block:  # cover shows the organisation alone, then "年度部门决算"
        first_line, first_text = title_block[0]
        if "决算" not in first_text and "预算" not in first_text:
            org, org_line = first_text, first_line
    if kind is None:
        kind = "决算" if "决算" in title_text else "预算" if "预算" in title_text else None
    if year is None:
        year = next((m.group("year") for _, text in title_block if (m := _LONE_YEAR.match(text))), None)

    published_on = published_text = None
    for line, text in title_block:
        if stamp := _DATE.match(text):
            published_text = line.text.strip()
            if stamp.group("d"):
                published_on = date(int(stamp.group("y")), int(stamp.group("m")), int(stamp.group("d")))
            break

    return ReportIdentity(
        organization_name=org,
        region_name=region_of(org),
        fiscal_year=int(year) if year else None,
        report_type=_report_type(kind),
        published_on=published_on,
        published_text=published_text,
        source_line_no=org_line.line_no if org_line else None,
        source_text=org_line.text if org_line else None,
    )
