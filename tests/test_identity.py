from datetime import date

import pytest
from juesuan.landing.models import Line
from juesuan.parsing.identity import parse_report_identity, region_of

from tests.conftest import sample_lines


@pytest.mark.parametrize(
    ("prefix", "organization", "region", "year", "published"),
    [
        ("000", "武汉市洪山区人民政府办公室", "武汉市洪山区", 2023, None),
        ("001", "武汉市洪山区人民政府青菱街道办事处", "武汉市洪山区", 2023, None),
        ("002", "武汉市硚口区人民政府办公室", "武汉市硚口区", 2022, None),
        ("003", "武汉市洪山区人民政府办公室", "武汉市洪山区", 2021, date(2022, 9, 29)),
        ("004", "武汉市蔡甸区人民政府办公室", "武汉市蔡甸区", 2024, date(2025, 11, 10)),
    ],
)
def test_sample_identities(prefix, organization, region, year, published):
    identity = parse_report_identity(sample_lines(prefix))
    assert identity.organization_name == organization
    assert identity.region_name == region
    assert identity.fiscal_year == year
    assert identity.report_type == "final_account"
    assert identity.published_on == published
    assert organization.replace("本级", "") in identity.source_text.replace(" ", "").replace("本级", "")


def _lines(*texts: str) -> list[Line]:
    return [Line(None, number, text) for number, text in enumerate(texts, start=1)]


def test_pdf_cover_with_year_on_its_own_line():
    # The Shanghai finance bureau's cover as pdfplumber reads it.
    identity = parse_report_identity(
        _lines("上海市普陀区财政局", "年度部门决算", "2024", "目 录", "第一部分 上海市普陀区财政局概况")
    )
    assert (identity.organization_name, identity.region_name, identity.fiscal_year) == (
        "上海市普陀区财政局",
        "上海市普陀区",
        2024,
    )


def test_university_cover_with_organisation_before_year():
    identity = parse_report_identity(_lines("西南大学 2023 年度部门决算", "2024 年 8 月"))
    assert (identity.organization_name, identity.fiscal_year, identity.region_name) == ("西南大学", 2023, None)
    assert identity.published_on is None  # day not printed: nothing invented
    assert identity.published_text == "2024 年 8 月"


def test_budget_reports_are_typed_as_budget():
    identity = parse_report_identity(_lines("2025 年度武汉市洪山区人民政府办公室部门预算公开"))
    assert identity.report_type == "budget"


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("武汉市洪山区金融发展促进服务中心", "武汉市洪山区"),
        ("上海市普陀区规划和自然资源局", "上海市普陀区"),
        ("湖北省武汉市市场监督管理局", "湖北省武汉市"),
        ("西南大学", None),
    ],
)
def test_region_is_the_administrative_prefix(name, region):
    assert region_of(name) == region
