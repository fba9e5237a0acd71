"""Tables printed without ruling lines, read from the alignment of the recogniser's boxes (aligned.py; no recognition).

The boxes are those RapidOCR gave on the line-less copies of the bench (`make bench-scans`,
class lineless), on pages where the whole corpus lost table facts: each test is a layout
rule of the national templates that the earlier rules read wrongly.
"""

import pdfplumber
import pytest
from juesuan.landing.ocr.aligned import aligned_table
from juesuan.landing.ocr.cells import cell_texts
from juesuan.landing.ocr.cleanup import clean_page
from juesuan.landing.ocr.engine import Word
from juesuan.landing.ocr.pages import DPI, _render

from tests.conftest import SHARED_BUDGETS, SHARED_PDFS
from tests.scan_corpus import _without_lines


def _rows(folder, prefix: str, page_no: int, words: list[Word]) -> list[dict[int, str]]:
    """The rows of the page's line-less tables from the boxes given: column number → text of each cell not empty."""
    found = sorted(folder.glob(f"{prefix}_*.pdf"))
    if not found:
        pytest.skip(f"sample {prefix} not present under {folder}")
    with pdfplumber.open(found[0]) as pdf:
        gray = clean_page(_without_lines(_render(pdf.pages[page_no - 1]), DPI)).gray
    grid, placed = aligned_table(gray, words)
    rows: dict[tuple[int, int], dict[int, str]] = {}
    for cell in sorted(cell_texts(grid, placed), key=lambda c: (c.cell.table_no, c.cell.row_no, c.cell.col_no)):
        row = rows.setdefault((cell.cell.table_no, cell.cell.row_no), {})
        if cell.text:
            row[cell.cell.col_no] = cell.text
    return list(rows.values())


def _texts(rows: list[dict[int, str]]) -> list[list[str]]:
    return [list(row.values()) for row in rows]


# 01's 收入支出决算总表 (page 6), the whole page: income and expenditure side by side; below 八、 only the
# expenditure side has rows, most of them without a figure.
TOTALS_01 = [
    Word("第二部分上海市普陀区财政局2024年度部门决算表", 0.999, 214, 204, 1191, 252),
    Word("收入支出决算总表", 1.000, 554, 460, 851, 500),
    Word("单位：万元", 1.000, 1170, 543, 1301, 574),
    Word("收入", 1.000, 388, 617, 446, 651),
    Word("支出", 1.000, 998, 617, 1055, 652),
    Word("决算数", 1.000, 596, 653, 681, 688),
    Word("决算数", 1.000, 1191, 653, 1277, 688),
    Word("项目", 1.000, 284, 654, 341, 687),
    Word("项目", 1.000, 894, 654, 951, 687),
    Word("一、一般公共预算财政拨款收入", 0.984, 117, 695, 469, 724),
    Word("2,940.05", 0.999, 602, 696, 700, 727),
    Word("、一般公共服务支出", 0.999, 780, 696, 1013, 723),
    Word("2,106.66", 0.999, 1172, 696, 1271, 727),
    Word("二、外交支出", 0.999, 755, 733, 912, 767),
    Word("二、政府性基金预算财政拨款收入", 0.995, 110, 736, 494, 765),
    Word("三、国防支出", 0.999, 754, 774, 912, 807),
    Word("三、国有资本经营预算财政拨款收入", 0.997, 108, 776, 520, 805),
    Word("四、上级补助收入", 0.999, 106, 815, 315, 848),
    Word("四、公共安全支出", 0.998, 754, 817, 960, 847),
    Word("五、事业收入", 0.999, 105, 856, 264, 889),
    Word("五、教育支出", 0.999, 754, 856, 912, 889),
    Word("六、经营收入", 1.000, 106, 898, 262, 928),
    Word("六、科学技术支出", 0.998, 754, 898, 961, 928),
    Word("七、附属单位上缴收入", 0.998, 107, 939, 364, 969),
    Word("七、文化旅游体育与传媒支出", 0.999, 755, 939, 1091, 969),
    Word("八、其他收入", 1.000, 105, 978, 263, 1012),
    Word("八、社会保障和就业支出", 0.998, 754, 979, 1039, 1010),
    Word("326.71", 1.000, 1191, 980, 1269, 1012),
    Word("6.20", 1.000, 647, 981, 701, 1011),
    Word("九、卫生健康支出", 0.999, 754, 1018, 962, 1052),
    Word("60.99", 1.000, 1204, 1018, 1271, 1053),
    Word("十、节能环保支出", 0.999, 755, 1061, 962, 1091),
    Word("十一、城乡社区支出", 0.997, 754, 1099, 987, 1132),
    Word("十二、农林水支出", 0.997, 756, 1142, 962, 1172),
    Word("十三、交通运输支出", 0.998, 755, 1183, 988, 1213),
    Word("十四、资源勘探工业信息等支出", 0.998, 755, 1224, 1117, 1253),
    Word("十五、商业服务业等支出", 0.999, 755, 1264, 1039, 1294),
    Word("十六、金融支出", 0.999, 755, 1304, 939, 1337),
    Word("十七、援助其他地区支出", 0.997, 756, 1346, 1039, 1376),
    Word("十八、自然资源海洋气象等支出", 0.998, 755, 1386, 1117, 1417),
    Word("445.69", 1.000, 1191, 1429, 1271, 1460),
    Word("十九、住房保障支出", 0.998, 757, 1430, 987, 1457),
    Word("二十、粮油物资储备支出", 0.999, 756, 1468, 1040, 1500),
    Word("二十一、国有资本经营预算支出", 0.999, 757, 1509, 1117, 1540),
    Word("二十二、灾害防治及应急管理支出", 0.997, 755, 1547, 1144, 1583),
    Word("二十三、其他支出", 0.998, 756, 1589, 963, 1622),
    Word("二十四、债务还本支出", 0.997, 757, 1631, 1014, 1661),
    Word("二十五、债务付息支出", 0.998, 756, 1672, 1014, 1702),
    Word("二十六、抗疫特别国债安排的支出", 0.997, 755, 1713, 1143, 1742),
    Word("本年收入合计", 1.000, 260, 1752, 419, 1785),
    Word("2,940.05", 0.999, 1171, 1753, 1271, 1787),
    Word("本年支出合计", 0.951, 871, 1754, 1028, 1784),
    Word("2,946.25", 0.996, 602, 1755, 700, 1786),
]


def test_a_numbered_row_without_figures_is_a_row_not_the_end_of_a_wrapped_name():
    rows = _texts(_rows(SHARED_PDFS, "01", 6, TOTALS_01))
    assert ["九、卫生健康支出", "60.99"] in rows
    assert ["十、节能环保支出"] in rows
    assert ["十一、城乡社区支出"] in rows
    assert ["十九、住房保障支出", "445.69"] in rows


# 21's 财务收支预算总表 (page 8), the whole page: the detector boxed the income side's amount with the expenditure
# side's name beside it on two rows.
TOTALS_21 = [
    Word("2025年部门财务收支预算总表", 1.000, 719, 180, 1268, 220),
    Word("单位：元", 1.000, 1727, 248, 1844, 283),
    Word("编制部门：上海市普陀区人民政府办公室", 0.998, 145, 250, 654, 279),
    Word("本年支出", 1.000, 1353, 314, 1473, 354),
    Word("本年收入", 1.000, 502, 317, 620, 352),
    Word("项目", 1.000, 1210, 373, 1275, 414),
    Word("项目", 1.000, 358, 374, 422, 412),
    Word("预算数", 1.000, 765, 375, 855, 411),
    Word("预算数", 1.000, 1634, 375, 1724, 411),
    Word("91,016,775.35一、一般公共服务支出", 0.993, 788, 436, 1266, 470),
    Word("一、财政拨款收入", 0.998, 151, 438, 372, 468),
    Word("82,096,797.42", 0.995, 1642, 439, 1830, 469),
    Word("91,016,775.35二、社会保障和就业支出", 0.972, 788, 496, 1293, 527),
    Word("1．一般公共预算资金", 0.959, 145, 497, 414, 527),
    Word("4,213,779.28", 0.986, 1656, 497, 1830, 527),
    Word("2．政府性基金", 0.973, 141, 554, 332, 588),
    Word("三、卫生健康支出", 1.000, 983, 555, 1210, 588),
    Word("1,097,073.43", 0.989, 1659, 557, 1829, 587),
    Word("国有资本经营预算", 1.000, 187, 613, 414, 643),
    Word("四、住房保障支出", 1.000, 984, 613, 1210, 643),
    Word("3,609,125.22", 0.992, 1655, 614, 1830, 644),
    Word("3.", 0.998, 144, 615, 170, 641),
    Word("二、事业收入", 1.000, 145, 666, 317, 706),
    Word("三、事业单位经营收入", 1.000, 147, 730, 428, 760),
    Word("四、其他收入", 1.000, 144, 788, 318, 822),
    Word("收入总计", 1.000, 332, 1198, 450, 1233),
    Word("支出总计", 1.000, 1188, 1198, 1306, 1233),
    Word("91,016,775.35", 0.993, 789, 1201, 976, 1231),
    Word("91,016,775.35", 0.993, 1641, 1201, 1830, 1231),
]


def test_an_amount_boxed_with_the_next_columns_name_is_cut_apart():
    rows = _texts(_rows(SHARED_BUDGETS, "21", 8, TOTALS_21))
    assert ["一、财政拨款收入", "91,016,775.35", "一、一般公共服务支出", "82,096,797.42"] in rows
    assert ["1．一般公共预算资金", "91,016,775.35", "二、社会保障和就业支出", "4,213,779.28"] in rows
    assert ["收入总计", "91,016,775.35", "支出总计", "91,016,775.35"] in rows


# 23's 收入预算总表 (page 10): 事业收入, 事业单位经营收入 and 其他收入 are columns of `0` set flush right, narrower than
# their centred headings, which stand left of them.
INCOME_23 = [
    Word("单位：元", 1.000, 1733, 289, 1850, 324),
    Word("编制部门：上海市普陀区人民政府万里街道办事处", 0.998, 140, 291, 754, 321),
    Word("项目", 1.000, 467, 354, 529, 392),
    Word("收入预算", 1.000, 1298, 356, 1413, 391),
    Word("功能分类科目编码", 1.000, 144, 412, 369, 447),
    Word("事业单位", 1.000, 1504, 426, 1618, 457),
    Word("合计", 1.000, 939, 438, 1003, 480),
    Word("事业收入", 1.000, 1310, 441, 1426, 476),
    Word("其他收入", 1.000, 1695, 441, 1812, 476),
    Word("财政拨款收入", 0.998, 1088, 442, 1258, 475),
    Word("功能分类科目名称", 1.000, 508, 444, 731, 474),
    Word("经营收入", 1.000, 1501, 457, 1618, 495),
    Word("类", 1.000, 160, 471, 195, 506),
    Word("款", 1.000, 242, 472, 277, 503),
    Word("项", 1.000, 322, 472, 356, 503),
    Word("一般公共服务支出", 1.000, 381, 527, 604, 563),
    Word("201", 1.000, 151, 529, 201, 563),
    Word("3,296,600", 0.996, 931, 529, 1063, 563),
    Word("3,296,600", 0.998, 1123, 529, 1257, 562),
    Word("0", 0.979, 1431, 533, 1450, 563),
    Word("0", 0.958, 1623, 533, 1642, 561),
    Word("0", 0.968, 1817, 533, 1836, 563),
    Word("统计信息事务", 1.000, 380, 584, 549, 621),
    Word("05", 1.000, 239, 586, 277, 620),
    Word("201", 1.000, 153, 587, 199, 619),
    Word("438,300", 0.993, 1153, 587, 1257, 618),
    Word("438,300", 0.991, 960, 588, 1063, 619),
    Word("0", 0.937, 1431, 590, 1450, 621),
    Word("0", 0.953, 1623, 590, 1643, 621),
    Word("0", 0.950, 1817, 590, 1836, 622),
]


def test_a_heading_centred_over_narrower_flush_right_figures_heads_their_column():
    rows = _rows(SHARED_BUDGETS, "23", 10, INCOME_23)
    heading = next(row for row in rows if "合计" in row.values())
    figures = next(row for row in rows if "一般公共服务支出" in row.values())
    assert list(heading.values())[-5:] == ["合计", "财政拨款收入", "事业收入", "事业单位\n经营收入", "其他收入"]
    assert list(figures.values())[-5:] == ["3,296,600", "3,296,600", "0", "0", "0"]
    assert list(heading)[-5:] == list(figures)[-5:]  # each heading over its column's figures


# 01's 财政拨款“三公”经费支出决算表 (page 18): one row of figures under two levels of headings.
THREE_PUBLIC_01 = [
    Word("单位：万元", 1.000, 1782, 288, 1917, 324),
    Word("财政拨款“三公”经费", 0.983, 864, 364, 1126, 394),
    Word("公务用车购置及运行费", 0.999, 1021, 409, 1280, 439),
    Word("合计", 1.000, 187, 423, 249, 461),
    Word("因公出国（境）费", 0.999, 425, 427, 633, 457),
    Word("小计", 1.000, 810, 448, 868, 482),
    Word("公务用车运行费", 1.000, 1371, 450, 1552, 480),
    Word("公务接待费", 0.999, 1706, 457, 1839, 491),
    Word("公务用车购置费", 1.000, 1060, 482, 1239, 512),
    Word("预算数", 1.000, 382, 555, 469, 594),
    Word("预算数", 1.000, 1314, 555, 1401, 593),
    Word("决算数", 1.000, 224, 556, 312, 593),
    Word("预算数", 1.000, 691, 556, 779, 594),
    Word("预算数", 1.000, 1002, 556, 1090, 594),
    Word("决算数", 1.000, 1468, 556, 1556, 594),
    Word("决算数", 0.999, 537, 557, 624, 593),
    Word("预算数", 1.000, 1626, 557, 1711, 592),
    Word("决算数", 0.998, 848, 558, 934, 593),
    Word("决算数", 0.999, 1159, 558, 1245, 593),
    Word("决算数", 1.000, 1780, 558, 1867, 593),
    Word("预算数", 1.000, 72, 559, 156, 591),
    Word("0.95", 1.000, 122, 618, 176, 648),
    Word("0.95", 1.000, 1677, 618, 1731, 648),
]


def test_one_row_of_figures_under_a_unit_line_is_a_table():
    rows = _rows(SHARED_PDFS, "01", 18, THREE_PUBLIC_01)
    assert rows[-1] == {1: "0.95", 11: "0.95"}  # 合计 and 公务接待费, 预算数
    assert list(rows[-2].values()) == ["预算数", "决算数"] * 6


# 23's 支出预算总表 ends with its 合计 row alone on page 18.
TOTAL_TAIL_23 = [
    Word("合计", 1.000, 545, 179, 611, 220),
    Word("189,767,551", 0.995, 1131, 184, 1292, 217),
    Word("101,341,746", 0.993, 1397, 185, 1558, 215),
    Word("88,425,805", 0.997, 1695, 185, 1842, 216),
]


def test_a_tables_total_alone_on_a_page_is_a_row():
    assert _texts(_rows(SHARED_BUDGETS, "23", 18, TOTAL_TAIL_23)) == [
        ["合计", "189,767,551", "101,341,746", "88,425,805"]
    ]
