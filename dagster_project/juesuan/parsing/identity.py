"""Report identity: organisation, region, level, scope, fiscal year, report type, publication date.

Read from the document's own structure: the title block (first lines), the
part headings ("第一部分 X概况", "第二部分 X 2023 年度部门决算表"), the
organisation line of a budget ("预算主管部门：X", "预算单位：X", "编制单位：X") and a
date line under the title. Never from the file name.
"""

import hashlib
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
# Words that stand for the organisation in a template ("第一部分 部门概况", "本部门") but never name it.
_GENERIC_NAME = re.compile(
    r"^(?:本?(?:部门|单位|机关)|(?:中央|省|市|区|县|乡镇|镇)级|部门单位|预算单位|主管部门|[\s/、]*"
    r"|(?:金额)?(?:万元|千元|元))$"
)  # a unit line ("单位：万元") is not a name either
# A table's own header line, printed on every table page ("公开01表 … 部门名称：X  单位：万元"): where a
# tables-only file states whose tables they are.
_TABLE_ORG_LINE = re.compile(
    r"(?:部门名称|单位名称|编制单位|预算单位|预算主管部门|部门|单位)[:：](?P<org>[^\d:：]{2,40}?)(?=单位[:：]|金额单位|$)"
)
# "2019年部门收支总表", "2019年度部门预算": a year before a table title or a document name.
_TABLE_YEAR = re.compile(_YEAR + r"年度?(?:部门|单位)?.{0,20}?(?P<kind>决算|预算)")
# Budgets name the organisation on its own line under a title that names only region and level:
# "上海市普陀区2026年区级部门预算" / "预算主管部门：上海市普陀区司法局".
_ORG_LINE = re.compile(
    r"^(?:预算主管部门|预算单位|编制单位|编制部门|部门名称|单位名称)[:：](?P<org>[^\d:：]{2,40}?)(?:单位[:：].*)?$"
)
_LEVEL_TITLE = re.compile(
    r"^(?P<region>[^\d]{0,20}?)"
    + _YEAR
    + r"年度?(?P<level>中央|省级|市级|区级|县级|乡镇级|镇级)?(?P<scope>部门|单位)?(?:决算|预算)"
)
_DATE = re.compile(r"^(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?$")
# Province, city, then district or county: "武汉市洪山区", "上海市普陀区".
_REGION = re.compile(r"^(?:[^省市]{2,7}(?:省|自治区))?(?:[^省市区县]{1,7}市)?(?:[^省市区县]{1,4}(?:区|县|旗))?")


@dataclass(frozen=True)
class ReportIdentity:
    organization_name: str | None
    organization_key: str | None  # see organization_key()
    region_name: str | None
    fiscal_year: int | None
    report_type: str | None  # final_account | budget
    report_scope: str | None  # department 部门 | unit 单位
    level: str | None  # 区级, 市级 … as the title prints it
    published_on: date | None
    published_text: str | None  # as printed, also when only year and month are given
    source_line_no: int | None  # the line the organisation came from
    source_text: str | None


def organization_key(name: str | None) -> str | None:
    """A stable key for an organisation across years and both document families: its name without
    white space or a trailing 本级 ("本级" reports cover the department's own office).

    Computed at extraction, not in dbt, so an incremental build can tell from a new report's facts
    which published reports share its organisation (its cross-year and budget-vs-final partners)."""
    if name is None:
        return None
    return hashlib.md5(re.sub(r"本级$", "", re.sub(r"\s+", "", name)).encode()).hexdigest()[:16]


def region_of(organization_name: str | None) -> str | None:
    match = _REGION.match(organization_name or "")
    return match.group(0) or None if match else None


def _report_type(kind: str | None) -> str | None:
    return {"决算": "final_account", "预算": "budget"}.get(kind or "")


def _scope(stated: str | None, title_text: str) -> str:
    """单位预算/单位决算 is one unit's own report; everything else covers the department."""
    if stated is None and re.search(r"单位(?:预算|决算)", title_text):
        stated = "单位"
    return "unit" if stated == "单位" else "department"


def is_generic_name(name: str | None) -> bool:
    """部门, 单位, 区级 …: a template's word for the organisation, not its name."""
    return name is None or bool(_GENERIC_NAME.match(re.sub(r"\s+", "", name)))


def _named(org: str | None) -> str | None:
    return None if is_generic_name(org) else org


def _table_header_organisation(head: list[tuple[Line, str]]) -> tuple[str, Line] | None:
    """The organisation most table headers name ("部门名称：X"), with its first line."""
    named: dict[str, Line] = {}
    counts: dict[str, int] = {}
    for line, text in head:
        if (match := _TABLE_ORG_LINE.search(text)) and not is_generic_name(org := match.group("org")):
            named.setdefault(org, line)
            counts[org] = counts.get(org, 0) + 1
    if not counts:
        return None
    org = max(counts, key=lambda name: (counts[name], -named[name].line_no))
    return org, named[org]


def parse_report_identity(lines: list[Line]) -> ReportIdentity:
    head = [(line, compact(line.text)) for line in lines[:_HEAD_LINES] if line.text.strip()]
    org = org_line = year = kind = None

    for line, text in head:
        if (part := _PART_ONE.match(text)) and _named(part.group("org")):
            org, org_line = part.group("org"), line
            break
    for line, text in head:
        if part := _PART_TWO.match(text):
            org, org_line = org or _named(part.group("org")), org_line or (line if _named(part.group("org")) else None)
            year = year or part.group("year")
            kind = kind or part.group("kind")

    title_block = head[:_TITLE_BLOCK_LINES]
    title_text = "".join(text for _, text in title_block)
    for line, text in title_block:
        if (named := _ORG_LINE.match(text)) and _named(named.group("org")):
            org, org_line = named.group("org"), line
            break
    if title := next((m for pattern in _TITLES if (m := pattern.search(title_text))), None):
        year = year or title.group("year")
        kind = kind or title.group("kind")
        if org is None and _named(title.group("org")):
            org = title.group("org")
            org_line = next((line for line, text in title_block if org in text), title_block[0][0])
    if org is None and (from_tables := _table_header_organisation(head)):
        org, org_line = from_tables
    if org is None and title_block:  # cover shows the organisation alone, then "年度部门决算"
        first_line, first_text = title_block[0]
        if "决算" not in first_text and "预算" not in first_text and _named(first_text):
            org, org_line = first_text, first_line
    if year is None or kind is None:  # a tables-only file: its table titles carry year and family
        stated = next((m for _, text in head if (m := _TABLE_YEAR.search(text))), None)
        year = year or (stated.group("year") if stated else None)
        kind = kind or (stated.group("kind") if stated else None)
    if kind is None:
        head_text = title_text + "".join(text for _, text in head)
        kind = (
            "决算"
            if "决算" in title_text
            else "预算"
            if "预算" in title_text
            else ("决算" if "决算" in head_text else "预算" if "预算" in head_text else None)
        )
    if year is None:
        year = next((m.group("year") for _, text in title_block if (m := _LONE_YEAR.match(text))), None)

    published_on = published_text = None
    for line, text in title_block:
        if stamp := _DATE.match(text):
            published_text = line.text.strip()
            if stamp.group("d"):
                published_on = date(int(stamp.group("y")), int(stamp.group("m")), int(stamp.group("d")))
            break

    scope_title = next((m for _, text in title_block if (m := _LEVEL_TITLE.match(text))), None)
    return ReportIdentity(
        organization_name=org,
        organization_key=organization_key(org),
        # "上海市普陀区2025年区级部门预算": a title that states the level names the region before the year
        region_name=region_of(scope_title.group("region") if scope_title and scope_title.group("level") else org),
        fiscal_year=int(year) if year else None,
        report_type=_report_type(kind),
        report_scope=_scope(scope_title.group("scope") if scope_title else None, title_text),
        level=scope_title.group("level") if scope_title else None,
        published_on=published_on,
        published_text=published_text,
        source_line_no=org_line.line_no if org_line else None,
        source_text=org_line.text if org_line else None,
    )
