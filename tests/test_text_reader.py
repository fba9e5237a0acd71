import pytest
from juesuan.landing.models import RejectedReport
from juesuan.landing.text_reader import decode_report_bytes, read_text_report, split_lines

from tests.conftest import sample_path

LINE = "2023 年度收、支总计均为 20351.37 万元。与 2022 年度"  # sample 000
TEXT = LINE + "\n" + "二、收入决算情况说明\n"
# The same line in Traditional characters, as a Big5 disclosure prints it.
TRADITIONAL_TEXT = "2023 年度收、支總計均為 20351.37 萬元。與 2022 年度\n二、收入決算情況說明\n"


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf_8"),
        ("utf-8-sig", "utf_8"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf_16"),
        ("utf-16-le", "utf_16_le"),
        ("utf-16-be", "utf_16_be"),
        ("utf-32", "utf_32"),
    ],
)
def test_decodes_every_supported_encoding(encoding, detected):
    assert decode_report_bytes(TEXT.encode(encoding)) == (TEXT, detected)


def test_decodes_big5_traditional_text():
    assert decode_report_bytes(TRADITIONAL_TEXT.encode("big5")) == (TRADITIONAL_TEXT, "big5")


def test_rejects_binary_and_undecodable_bytes():
    with pytest.raises(RejectedReport, match="binary"):
        decode_report_bytes(b"\x00\x01\x02 report")
    with pytest.raises(RejectedReport, match="binary"):  # UTF-8 text with a NUL in it is damaged, not UTF-16
        decode_report_bytes(TEXT.encode() + b"\x00" + TEXT.encode())
    with pytest.raises(RejectedReport, match="not text: the bytes read as none of UTF-8, GB18030, Big5"):
        decode_report_bytes(bytes(range(128, 256)) * 10)


def test_sample_lines_are_kept_verbatim_and_numbered():
    path = sample_path("000")
    document = read_text_report(path.read_bytes())
    original = path.read_text(encoding="utf-8").splitlines()
    assert [line.text for line in document.lines] == original
    assert [line.line_no for line in document.lines] == list(range(1, len(original) + 1))
    assert document.page_count is None and all(line.page_no is None for line in document.lines)


def test_form_feeds_and_page_marks_set_page_numbers():
    text = "一、收入支出决算总表\n\f二、收入决算表\n<!-- page 7 -->\n三、支出决算表"
    document = split_lines(text)
    assert [(line.page_no, line.text) for line in document.lines] == [
        (1, "一、收入支出决算总表"),
        (2, "二、收入决算表"),
        (7, "<!-- page 7 -->"),
        (7, "三、支出决算表"),
    ]
    assert document.page_count == 3


def test_large_text_is_detected_on_a_sample_and_confirmed_on_the_whole():
    gb18030 = (TEXT * 40_000).encode("gb18030")  # 2.6 MB
    assert decode_report_bytes(gb18030) == (TEXT * 40_000, "gb18030")
    # The first MB is plain ASCII (read as UTF-8); decoding the whole shows it is not: detection starts over.
    mixed = b"page 1\n" * 200_000 + TEXT.encode("gb18030")
    assert decode_report_bytes(mixed) == ("page 1\n" * 200_000 + TEXT, "gb18030")
