import pytest

from juesuan.landing.models import RejectedReport
from juesuan.landing.text_reader import decode_report_bytes, read_text_report, split_lines
from tests.conftest import sample_path

LINE = "2023 年度收、支总计均为 20351.37 万元。与 2022 年度"  # sample 000


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_decodes_every_supported_encoding(encoding):
    assert decode_report_bytes(LINE.encode(encoding)) == LINE


def test_rejects_binary_and_undecodable_bytes():
    with pytest.raises(RejectedReport, match="binary"):
        decode_report_bytes(b"\x00\x01\x02 report")
    with pytest.raises(RejectedReport, match="neither UTF-8 nor GB18030"):
        decode_report_bytes(b"\xff\xfe\xfa\x80\x81\xff" * 10)


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
