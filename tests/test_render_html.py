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
