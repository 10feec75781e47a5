"""Ledger text is untrusted: every renderer escapes it; the page shell loads nothing from the network."""

import re

from qlaudit.document import Heading, Items, Paragraph, Section, Table
from qlaudit.report import render_html

HOSTILE = "<img src=x onerror=alert(1)>"


def test_section_text_is_escaped_everywhere():
    section = Section("x", (Heading(1, HOSTILE, "s1"), Paragraph(HOSTILE), Items((HOSTILE,)),
                            Table(HOSTILE, (HOSTILE,), ((HOSTILE,),))))
    out = render_html.render_section(section)
    assert "<img" not in out
    assert out.count("&lt;img src=x onerror=alert(1)&gt;") == 6  # heading, paragraph, item, caption, header, cell


def test_title_and_figure_caption_are_escaped():
    out = render_html.render_title(HOSTILE, 2021) + render_html.render_figure(b"\x89PNG", HOSTILE)
    assert "<img src=x" not in out
    assert 'alt="&lt;img src=x onerror=alert(1)&gt;"' in out


def test_page_has_no_script_and_no_remote_url():
    page = render_html.page("标题", "<p>正文</p>")
    assert "<script" not in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page
    assert "@media print" in page and "size: A4" in page


def test_figure_fields_and_long_tokens():
    from qlaudit.document import Fields, Figure

    section = Section("x", (Heading(0, HOSTILE), Fields(((HOSTILE, HOSTILE),)), Figure("k", HOSTILE),
                            Table("t", ("a",), (("f" * 64,),), totals=((0, ()),))))
    out = render_html.render_section(section, lambda key: b"\x89PNG" if key == "k" else None)
    assert "<img src=x" not in out and out.count("&lt;img src=x onerror=alert(1)&gt;") == 5  # h1, dt, dd, alt, caption
    assert '<h1 class="report-title">' in out and '<dl class="fields fields">' in out
    assert '<td class="long">' + "f" * 64 in out and '<tr class="total">' in out
    assert render_html.render_section(Section("y", (Figure("missing", "图"),)), lambda key: None).count("<figure") == 0
