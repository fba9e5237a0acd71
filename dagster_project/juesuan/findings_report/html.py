"""The findings report as one self-contained HTML file (inline style, no scripts, no downloads). It carries its
own CJK fonts (fonts/: GB2312's characters, and slices of the rarer ones for the characters it prints), so it reads
on a machine with none installed."""

# ruff: noqa: E501  (the HTML template below keeps one element a line)
import base64
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from .coverage import ReadCoverage
from .findings import Finding
from .grouping import SECTION_TITLES, ReportFormat, ReportSection, ReportSummary
from .wording import sentence_en, sentence_zh

_HEAD = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>决算核对报告 · {{ title }}</title>
<style>
@font-face { font-family: "Juesuan CJK Fallback"; src: url(data:font/woff2;base64,{{ font }}) format("woff2"); }
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Juesuan CJK Fallback", "Juesuan CJK Rare", sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
h1 { font-size: 1.5em; } h2 { border-bottom: 2px solid #444; padding-bottom: .2em; margin-top: 2em; }
.file { color: #666; font-family: monospace; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: .4em .6em; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
.en { color: #555; font-size: .9em; }
.rule { font-family: monospace; white-space: nowrap; }
.quote { font-size: .9em; color: #333; } .quote b { color: #a00; }
.error h3 { color: #a00; } .warning h3 { color: #b60; } .hint h3, .insufficient_data h3 { color: #367; }
.summary td { text-align: right; } .summary td:first-child { text-align: left; }
</style></head><body>
<h1>决算核对报告 <span class="en">Findings report</span> — {{ title }}</h1>
<p>{{ failures }} 项不符 <span class="en">failures</span>（错误 {{ total.error }} · 警告 {{ total.warning }} · 提示 {{ total.info }}
<span class="en">errors · warnings · notes</span>）· {{ reports|length }} 份报告 <span class="en">reports</span>.
不符 = 错误 + 警告 + 提示：错误与警告是数字之间的不一致，提示是值得说明之处（如单位混用、超出预算），未必有错。
舍入差异与未能读取的数字单列，不计为不符。<span class="en">Failures = errors + warnings + notes: errors and warnings are
figures that disagree; notes are points worth explaining (mixed units, spending over budget), not necessarily wrong.
Rounding hints and unread figures are listed apart, not as failures.</span></p>
{% if coverage and coverage.found %}<p>表格数字读取 <span class="en">table figures read</span>: {{ coverage.read }} / {{ coverage.found }}
（{{ "%.1f"|format(coverage.pct) }}%）{% for source, pct in coverage.below_floor %}<br>· {{ source }}: {{ "%.1f"|format(pct) }}%{% endfor %}</p>
{% endif %}<table class="summary"><tr><th>报告 report</th><th>错误 errors</th><th>警告 warnings</th><th>提示 notes</th><th>舍入 hints</th><th>未读 not read</th></tr>
{% for report in reports %}<tr><td><a href="#r-{{ report.report_id }}">{{ report.title or report.source_file }}</a></td>
{% for key in ("error", "warning", "info", "hint", "insufficient_data") %}<td>{{ report.counts[key] }}</td>{% endfor %}</tr>
{% endfor %}</table>
"""

_REPORT = """
<h2 id="r-{{ report.report_id }}">{{ report.title or report.source_file }}</h2>
<p class="file">{{ report.source_file }}</p>
{% for key, items in report.sections %}<section class="{{ key }}">
<h3>{{ section_titles[key][0] }} <span class="en">{{ section_titles[key][1] }}</span> ({{ items|length }})</h3>
<table><tr><th>规则 rule</th><th>发现 finding</th><th>出处 where it is printed</th></tr>
{% for f in items %}<tr>
<td class="rule">{{ f.rule_id }}</td>
<td>{{ zh(f) }}<br><span class="en">{{ en(f) }}</span></td>
<td class="quote">{% for side in f.quoted_sides %}<div><b>{{ side.where_zh }}</b> <span class="en">{{ side.where_en }}</span><br>“{{ side.quote }}”</div>{% endfor %}</td>
</tr>{% endfor %}</table></section>
{% endfor %}"""

_TAIL = """{% if not reports %}<p>未发现不符。<span class="en">No discrepancies found.</span></p>
{% endif %}{% if rare_fonts %}<style>
{{ rare_fonts }}</style>
{% endif %}</body></html>
"""

_ENVIRONMENT = Environment(autoescape=True)
_HEAD_TEMPLATE, _REPORT_TEMPLATE, _TAIL_TEMPLATE = (_ENVIRONMENT.from_string(t) for t in (_HEAD, _REPORT, _TAIL))


# Made by scripts/cjk_font_subset.py from Noto Sans CJK SC (OFL.txt beside them).
FONT = Path(__file__).parent / "fonts" / "cjk-fallback.woff2"
RARE_FONTS = Path(__file__).parent / "fonts" / "rare"  # U+XXXX.woff2: the CJK characters outside GB2312 from U+XXXX
RARE_SLICE = 0x400
_FIRST_CJK = 0x2E80


@cache
def _font(path: Path = FONT) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


@cache
def _rare_slices() -> dict[int, Path]:
    return {int(path.stem.removeprefix("U+"), 16): path for path in RARE_FONTS.glob("U+*.woff2")}


def _outside_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
        return False
    except UnicodeEncodeError:
        return True


def rare_font_faces(characters: Iterable[str]) -> str:
    """@font-face rules for the slices holding the CJK characters outside GB2312 among these: a report of
    武汉市硚口区 carries the slice of 硚 (U+7800–U+7BFF, about 200 KB), not the 3.5 MB of every hanzi."""
    slices = _rare_slices()
    starts = sorted(
        {ord(c) - ord(c) % RARE_SLICE for c in set(characters) if ord(c) >= _FIRST_CJK and _outside_gb2312(c)}
        & slices.keys()
    )
    return "".join(
        f'@font-face {{ font-family: "Juesuan CJK Rare"; src: url(data:font/woff2;base64,{_font(slices[start])}) '
        f'format("woff2"); unicode-range: U+{start:04X}-{start + RARE_SLICE - 1:04X}; }}\n'
        for start in starts
    )


def _head(reports: Sequence[ReportSummary], title: str, coverage: ReadCoverage | None = None) -> str:
    total = {key: sum(r.counts[key] for r in reports) for key in SECTION_TITLES}
    return _HEAD_TEMPLATE.render(
        title=title,
        reports=reports,
        failures=sum(r.failures for r in reports),
        total=total,
        font=_font(),
        coverage=coverage,
    )


def _report(report: ReportSection) -> str:
    return _REPORT_TEMPLATE.render(report=report, section_titles=SECTION_TITLES, zh=sentence_zh, en=sentence_en)


def _tail(reports: Sequence[ReportSummary], printed: set[str]) -> str:
    # base64 and our own CSS: markup as it is (inside <style> an escaped quote would not be a quote)
    return _TAIL_TEMPLATE.render(reports=reports, rare_fonts=Markup(rare_font_faces(printed)))


HTML = ReportFormat(_head, _report, _tail)


def render_html(findings: Iterable[Finding], title: str) -> str:
    return HTML.render(findings, title)
