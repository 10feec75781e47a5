"""Render pages of a report's PDFs to PNG (for the README): `python tools/pdf_pages.py reports/U/Y docs/img`.

Needs pypdfium2 (a test dependency). Writes report_pdf_page{N}.png and workpapers_pdf_page{N}.png for the pages asked.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pypdfium2 as pdfium


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path, help="a report folder with report.pdf and workpapers.pdf")
    parser.add_argument("out", type=Path, help="where the PNGs go")
    parser.add_argument("--pages", default="1,2", help="page numbers, e.g. 1,2,5")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ("report", "workpapers"):
        pdf = pdfium.PdfDocument(str(args.folder / f"{name}.pdf"))
        for number in (int(p) for p in args.pages.split(",")):
            if number <= len(pdf):
                target = args.out / f"{name}_pdf_page{number}.png"
                pdf[number - 1].render(scale=args.scale).to_pil().save(target, optimize=True)
                print(f"{target} ({len(pdf)} pages in {name}.pdf)")


if __name__ == "__main__":
    main()
