"""Report charts (matplotlib, Agg) with Chinese labels, rendered to deterministic PNG bytes.

The CJK font is Noto Sans CJK SC shipped by the ``mplfonts`` package (installed with qlaudit), registered with
matplotlib at first use, so charts never fall back to a font without Chinese glyphs. PNGs carry no timestamp or
software metadata, so the same figures give the same bytes. Label text from ledgers is passed with math text
disabled, so ``$`` in a project name is shown, not interpreted.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib import font_manager

from qlaudit.money import to_wan

FONT_FILE = "NotoSansCJKsc-Regular.otf"
COLORS = {"budget": "#9dbcd4", "spent": "#1f5f8b", "personnel": "#1f5f8b", "public": "#5fa2ce", "project": "#f28e2b"}


@cache
def cjk_font_name() -> str:
    """Register the bundled CJK font with matplotlib and return its family name."""
    path = resources.files("mplfonts").joinpath("fonts", FONT_FILE)
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def _style() -> dict[str, object]:
    return {
        "font.family": [cjk_font_name()],
        "axes.unicode_minus": False,
        "text.parse_math": False,
        "figure.dpi": 100,
        "savefig.dpi": 110,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def png_bytes(fig: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _wan(fen: int) -> float:
    """万元 for plotting only (bar heights); figures shown as text come from money.format_wan."""
    return float(to_wan(fen))


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows, as data (the report keeps these; PNGs are drawn when displayed)."""

    kind: str  # a function of this module: budget_vs_spending, spending_composition, execution_by_project, …
    title: str
    args: tuple[object, ...]


def draw(spec: ChartSpec) -> bytes:
    return DRAWERS[spec.kind](*spec.args, spec.title)  # type: ignore[operator]


def budget_vs_spending(parts: list[tuple[str, int, int]] | list[tuple[str, int, int, str]], title: str) -> bytes:
    """Grouped bars: 全年预算数 vs 实际支出 per (label, budget 分, spent 分[, the printed amount]), e.g. 人员经费 / 公用经费 /
    项目支出 / 合计; each spending bar is labelled with the amount the report's tables print (after 尾差)."""
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(7.5, 3.8))
        xs = range(len(parts))
        budget = [_wan(p[1]) for p in parts]
        spent = [_wan(p[2]) for p in parts]
        ax.bar([x - 0.2 for x in xs], budget, width=0.4, label="全年预算数", color=COLORS["budget"])
        ax.bar([x + 0.2 for x in xs], spent, width=0.4, label="实际支出", color=COLORS["spent"])
        for x, p in zip(xs, parts, strict=True):
            shown = p[3] if len(p) > 3 else f"{to_wan(p[2])}"  # type: ignore[misc]
            ax.annotate(shown, (x + 0.2, _wan(p[2])), ha="center", va="bottom", fontsize=8)
        ax.set_xticks(list(xs), [p[0] for p in parts])
        ax.set_ylabel("万元")
        ax.set_title(title)
        ax.legend(frameon=False)
        return png_bytes(fig)


def spending_composition(kinds_fen: list[tuple[str, int]], by_class: list[tuple[str, int]], title: str) -> bytes:
    """Left: 人员经费 / 公用经费 / 项目支出 shares; right: spending by economic class (类)."""
    palette = (COLORS["personnel"], COLORS["public"], COLORS["project"])
    kinds = [(name, fen, palette[i % 3]) for i, (name, fen) in enumerate(kinds_fen)]
    kinds = [k for k in kinds if k[1] > 0]
    with plt.rc_context(_style()):
        fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8), gridspec_kw={"width_ratios": [1, 1.3]})
        if kinds:
            left.pie([k[1] for k in kinds], colors=[k[2] for k in kinds], autopct="%1.1f%%", pctdistance=0.78,
                     startangle=90, counterclock=False, wedgeprops={"width": 0.45}, textprops={"fontsize": 8})
            left.legend([k[0] for k in kinds], loc="lower center", bbox_to_anchor=(0.5, -0.18), ncol=3,
                        frameon=False, fontsize=8)
        left.set_title("支出结构")
        labels = [name for name, _ in by_class][::-1]
        values = [_wan(fen) for _, fen in by_class][::-1]
        right.barh(labels, values, color=COLORS["spent"])
        for y, (value, (_, fen)) in enumerate(zip(values, by_class[::-1], strict=True)):
            right.annotate(f"{to_wan(fen)}", (value, y), va="center", fontsize=8, xytext=(3, 0),
                           textcoords="offset points")
        right.set_xlabel("万元")
        right.set_title("按经济分类（类）")
        fig.suptitle(title)
        return png_bytes(fig)


def execution_by_project(projects: list[tuple[str, int, int]], title: str) -> bytes:
    """Horizontal bars of 执行率 per project: (name, spent 分, 全年预算数 分); the 90% line marks 需说明原因."""
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(7.5, 0.5 + 0.45 * max(len(projects), 1)))
        names = [name for name, _, _ in projects][::-1]
        rates = [(spent / adjusted * 100) if adjusted else 0.0 for _, spent, adjusted in projects][::-1]
        colors = [COLORS["project"] if r < 90 else COLORS["spent"] for r in rates]
        ax.barh(names, rates, color=colors)
        for y, r in enumerate(rates):
            ax.annotate(f"{r:.2f}%", (r, y), va="center", fontsize=8, xytext=(3, 0), textcoords="offset points")
        ax.axvline(90, color="#b00020", linestyle="--", linewidth=1)
        ax.annotate("90%", (90, len(names) - 0.5), color="#b00020", fontsize=8, ha="center", va="bottom")
        ax.set_xlim(0, max([110.0, *[r + 15 for r in rates]]))
        ax.set_xlabel("预算执行率（%）")
        ax.set_title(title)
        return png_bytes(fig)


def monthly_profile(monthly_fen: list[int], title: str) -> bytes:
    """Monthly spending (12 values, 分) with December highlighted and its share of the year written on it."""
    total = sum(monthly_fen)
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(7.5, 3.4))
        months = [f"{m}月" for m in range(1, 13)]
        values = [_wan(v) for v in monthly_fen]
        colors = [COLORS["budget"]] * 11 + [COLORS["project"]]
        ax.bar(months, values, color=colors)
        share = f"{monthly_fen[11] / total * 100:.1f}%" if total else "—"
        ax.annotate(f"12月占全年 {share}", (11, values[11]), ha="right", va="bottom", fontsize=9,
                    xytext=(0, 4), textcoords="offset points", color="#a15c00")
        ax.set_ylabel("万元")
        ax.set_title(title)
        return png_bytes(fig)


def multi_year_trend(years: list[int], series: dict[str, list[int]], title: str) -> bytes:
    """Lines per series (分 per year), e.g. 调整后预算 / 实际支出 / 年末结转 across years."""
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(7.5, 3.4))
        for name, values in series.items():
            ax.plot([str(y) for y in years], [_wan(v) for v in values], marker="o", label=name)
        ax.set_ylabel("万元")
        ax.set_title(title)
        ax.legend(frameon=False, fontsize=8)
        return png_bytes(fig)


DRAWERS = {"budget_vs_spending": budget_vs_spending, "spending_composition": spending_composition,
           "execution_by_project": execution_by_project, "monthly_profile": monthly_profile,
           "multi_year_trend": multi_year_trend}
