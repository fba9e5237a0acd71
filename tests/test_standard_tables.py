import pytest
from juesuan.parsing.tables.layouts import find_table_titles, table_code_for_title

from tests.conftest import sample_lines


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("2021年度收入决算表（表2）", "T02"),  # sample 003
        ("2024 年度收入支出决算总表", "T01"),  # sample 004
        ("2024 年度财政拨款收入支出决算总表", "T04"),
        ("## 2021年度一般公共预算财政拨款支出决算表（表5）", "T05"),
        ("2024 年度一般公共预算财政拨款基本支出决算明细表", "T06"),
        ("2021年度一般公共预算财政拨款“三公”经费支出决算表（表7）", "T09"),
        ("七、财政拨款 三公 经费支出决算表", "T09"),  # Shanghai PDF, quotes lost
        ("2024 年度政府性基金预算财政拨款收入支出决算表", "T07"),
        ("九、国有资本经营预算财政拨款收入支出决算表", "T08"),
        ("表 1：高等学校收支决算总表", "T01"),  # university template
        ("三、支出决算表", "T03"),
        ("三、支出决算情况说明", None),
        ("第二部分 武汉市蔡甸区人民政府办公室本级 2024 年度部门决算表", None),
        ("上海市规划和自然资源局 2024 年度部门决算表", None),  # Shanghai part-two heading without 第二部分
        ("表 4：高等学校财政拨款支出决算表", "unknown"),
    ],
)
def test_titles_map_to_codes(title, code):
    assert table_code_for_title(title) == code


def test_table_of_contents_entries_are_not_tables():
    # Samples 000–002 list the nine titles but their tables were images.
    assert find_table_titles(sample_lines("000")) == []


def test_sample_004_has_all_nine_tables_in_its_order():
    titles = find_table_titles(sample_lines("004"))
    assert [t.code for t in titles] == ["T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09"]
    assert titles[0].line.text == "2024 年度收入支出决算总表"
