"""Time one `qlaudit report` and a `qlaudit batch` against a bare papermill + nbconvert run, in the same run.

The baseline is what any notebook report costs: the papermill CLI executing a trivial pandas + matplotlib notebook
in a Jupyter kernel, then `jupyter nbconvert --to html --no-input`. Each command runs REPEAT times as a separate
process; the median is used. Prints the seconds and the ratios (targets: one report ≤ 1.5× bare; a batch of N
unit-years on 2 cores ≤ 0.5 × N bare runs).

    .venv/bin/python benchmarks/bench_report.py [--repeat 3] [--jobs 2]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

TRIVIAL_CELLS = [
    'n = 100  # parameters',
    "import pandas as pd\nimport matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
    "df = pd.DataFrame({'x': range(n), 'y': [i * i for i in range(n)]})\ndf.describe()",
    "fig, ax = plt.subplots()\nax.plot(df['x'], df['y'])\nplt.show()",
]


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_of(repeat: int, command: list[str], cwd: Path) -> float:
    return statistics.median(timed(command, cwd) for _ in range(repeat))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        nb = new_notebook(cells=[new_code_cell(c) for c in TRIVIAL_CELLS],
                          metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
        nb.cells[0].metadata["tags"] = ["parameters"]
        nbformat.write(nb, tmp / "trivial.ipynb")
        bare_cmd = ["sh", "-c", f"{BIN}/papermill --no-progress-bar -k python3 trivial.ipynb out.ipynb -p n 200 && "
                    f"{BIN}/jupyter nbconvert --to html --no-input out.ipynb --log-level=ERROR"]
        bare = median_of(args.repeat, bare_cmd, tmp)
        one = median_of(args.repeat, [str(BIN / "qlaudit"), "report", "--unit", "lusong-qiaolian", "--year", "2021",
                                      "--out", str(tmp / "reports")], ROOT)
        units = [p for p in (ROOT / "data").iterdir() if (p / "unit.yaml").is_file()]
        n = sum(1 for u in units for y in u.iterdir() if y.is_dir() and y.name.isdigit())
        batch = timed([str(BIN / "qlaudit"), "batch", "--force", "--jobs", str(args.jobs), "--out",
                       str(tmp / "batch")], ROOT)
        skip = timed([str(BIN / "qlaudit"), "batch", "--jobs", str(args.jobs), "--out", str(tmp / "batch")], ROOT)
    print(f"bare papermill + nbconvert (trivial notebook, kernel): {bare:6.2f} s  (median of {args.repeat})")
    print(f"qlaudit report lusong-qiaolian 2021:                   {one:6.2f} s  ratio {one / bare:.2f}× bare "
          "(target ≤ 1.5×)")
    print(f"qlaudit batch, {n} unit-years, {args.jobs} jobs:                {batch:6.2f} s  ratio "
          f"{batch / (n * bare):.2f}× of {n} bare runs (target ≤ 0.5×)")
    print(f"qlaudit batch again (everything unchanged, skipped):  {skip:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
