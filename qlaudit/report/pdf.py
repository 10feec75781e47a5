"""A4 PDF of a report page, printed by headless Chromium (``--print-to-pdf``).

Why Chromium: it is the engine the browser tests already drive (Debian's ``chromium``), so the PDF is the page those
tests check; it lays out Chinese through fontconfig (Noto CJK) and embeds the fonts it uses as subsets; it supports
CSS paged media — ``@page`` size and margins, page-number counters in ``@bottom-center``, repeated table headers —
which is all the print stylesheet (``render_html.CSS``) needs. WeasyPrint would add a second CSS engine (and Pango)
whose layout the browser tests would not see. The page is printed offline: the network is cut off by a closed proxy.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from qlaudit.errors import QlauditError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PdfUnavailable(QlauditError):
    """No Chromium to print with, or it failed to print."""

    exit_code = 2


def chromium() -> str | None:
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def html_to_pdf(html: Path, pdf: Path, timeout: float = 180) -> Path:
    """Print ``html`` (a file) to ``pdf`` (A4, page size and numbers from the page's own @page rules)."""
    binary = chromium()
    if binary is None:
        raise PdfUnavailable("--pdf needs Chromium (Debian: apt-get install chromium fonts-noto-cjk); "
                             "the HTML report was not affected")
    with tempfile.TemporaryDirectory(prefix="qlaudit-chromium-") as profile:
        command = [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", f"--user-data-dir={profile}",
                   "--run-all-compositor-stages-before-draw", f"--print-to-pdf={pdf}", html.resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as err:
            raise PdfUnavailable(f"Chromium did not print {html.name} within {timeout:.0f} s") from err
    if done.returncode != 0 or not pdf.is_file() or not pdf.read_bytes()[:5] == b"%PDF-":
        last = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise PdfUnavailable(f"Chromium could not print {html.name}: {last[0]}")
    return pdf
