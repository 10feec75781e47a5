"""A tiny document model for the report: headings, paragraphs, numbered items and tables, as data.

The narrative (``qlaudit.report.narrative``) builds these from figures and findings; ``qlaudit.report.render_html`` turns them
into escaped HTML. Keeping text as data lets tests read the narrative without parsing HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    level: int  # 1 = 一、… ; 2 = （一）… ; 3 = auditor's sub-parts
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Items:
    """A list whose items are already numbered in the text (1.、2.、…) or plain."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # column indexes right-aligned
    note: str = ""
    #: (total row, part rows): the printed total of each numeric column equals the sum of the printed parts
    #: (checked by the report's consistency gate; 尾差 is moved to the largest part before printing)
    totals: tuple[tuple[int, tuple[int, ...]], ...] = ()


@dataclass(frozen=True)
class Preformatted:
    text: str


@dataclass(frozen=True)
class Figure:
    """A chart: ``key`` names its series in the report (drawn by the renderer), ``caption`` is printed below it."""

    key: str
    caption: str


@dataclass(frozen=True)
class Fields:
    """Label–value pairs laid out as a form (a cover, a 底稿 header): 编制人 ______ 日期 ______."""

    pairs: tuple[tuple[str, str], ...]
    css_class: str = "fields"


Block = Heading | Paragraph | Items | Table | Preformatted | Figure | Fields


@dataclass(frozen=True)
class Section:
    """One numbered section of the report (一、基本情况 …) or an auditor's part."""

    key: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def heading(self) -> str:
        first = self.blocks[0]
        return first.text if isinstance(first, Heading) else ""

    def text(self) -> str:
        """Plain text of the section, for tests and for the lint of issue 5."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, (Heading, Paragraph, Preformatted)):
                out.append(b.text)
            elif isinstance(b, Items):
                out.extend(b.items)
            elif isinstance(b, Figure):
                out.append(b.caption)
            elif isinstance(b, Fields):
                out.extend(f"{label}：{value}" for label, value in b.pairs)
            else:
                out.append(b.caption)
                out.append("\t".join(b.header))
                out.extend("\t".join(r) for r in b.rows)
                if b.note:
                    out.append(f"注：{b.note}")
        return "\n".join(out)
