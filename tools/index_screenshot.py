"""Screenshot of a batch index page for the README: `.venv/bin/python tools/index_screenshot.py docs/img/batch_index.png`.

Runs `qlaudit batch` over a copy of the sample data (every unit-year) into a temporary folder, then has headless
Chromium (found as qlaudit's PDF printer finds it) capture reports/index.html as a PNG, kept under 300 KB.
`--reports DIR` captures an index already written instead of running the batch.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from qlaudit.report.pdf import chromium

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 300 * 1024


def capture(index: Path, target: Path, width: int, height: int) -> None:
    binary = chromium()
    if binary is None:
        sys.exit("needs Chromium (Debian: apt-get install chromium fonts-noto-cjk)")
    with tempfile.TemporaryDirectory(prefix="qlaudit-chromium-") as profile:
        subprocess.run([binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--no-first-run", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                        f"--user-data-dir={profile}", f"--window-size={width},{height}", f"--screenshot={target}",
                        index.resolve().as_uri()], check=True, capture_output=True, timeout=180)
    image = Image.open(target)
    image.save(target, optimize=True)
    if target.stat().st_size > LIMIT:  # a palette of 256 colours keeps text sharp at a fraction of the size
        image.convert("RGB").quantize(colors=256).save(target, optimize=True)
    print(f"{target}: {image.size[0]}×{image.size[1]}, {target.stat().st_size // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path, help="the PNG to write, e.g. docs/img/batch_index.png")
    parser.add_argument("--reports", type=Path, default=None, help="an existing reports folder with index.html")
    parser.add_argument("--width", type=int, default=1500)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    args.target.parent.mkdir(parents=True, exist_ok=True)
    if args.reports is not None:
        capture(args.reports / "index.html", args.target, args.width, args.height)
        return
    with tempfile.TemporaryDirectory(prefix="qlaudit-index-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data)
        qlaudit = Path(sys.executable).parent / "qlaudit"
        subprocess.run([str(qlaudit), "batch", "--data", str(data), "--out", str(Path(tmp) / "reports"), "--jobs", "2"],
                       check=False, cwd=tmp)
        capture(Path(tmp) / "reports" / "index.html", args.target, args.width, args.height)


if __name__ == "__main__":
    main()
