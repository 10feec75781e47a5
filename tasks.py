#!/usr/bin/env python3
"""Project tasks with set-up included. Needs only Python 3.11+ and pip (no conda, no make).

    python3 tasks.py report   # set up .venv, then write reports/lusong-qiaolian/2021/report.html
    python3 tasks.py test     # set up .venv (and, as root, Debian's chromium for the browser tests), then run
                              # ruff, mypy on the typed core and the whole pytest suite
    python3 tasks.py lab      # set up .venv, then start JupyterLab with the project's kernel

Set-up is idempotent: the virtual environment is (re)installed only when pyproject.toml or this file changed
(their hash is kept in .venv/qlaudit-setup.sha256), so a second run starts at once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / "qlaudit-setup.sha256"
KERNEL_NAME = "qlaudit"


def run(*args: str | Path, **kwargs: object) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def setup_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "tasks.py"):
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def setup() -> None:
    """Create .venv, install qlaudit with its test tools, register the Jupyter kernel. Skipped when up to date."""
    if sys.version_info < (3, 11):
        sys.exit(f"qlaudit needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    fingerprint = setup_fingerprint()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text().strip() == fingerprint:
        return
    if not PYTHON.exists():
        print(f"creating virtual environment {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-e", ".[test]")
    # The project's Jupyter kernel, inside the venv, for JupyterLab; papermill uses this venv's python3 kernel.
    run(PYTHON, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL_NAME,
        "--display-name", "Python 3 (qlaudit)")
    # The CJK chart font ships with the mplfonts package; registering it once also warms matplotlib's cache.
    run(PYTHON, "-c", "from qlaudit.report import charts; print('chart font:', charts.cjk_font_name())")
    STAMP.write_text(fingerprint + "\n")


BROWSER_PACKAGES = ("chromium", "chromium-driver", "fonts-noto-cjk")


def browser_ready() -> bool:
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True) if shutil.which("fc-list") else None
    return bool(shutil.which("chromium") and shutil.which("chromedriver") and fonts and "CJK" in fonts.stdout)


def setup_browser() -> None:
    """Debian's chromium, chromium-driver and a CJK font, for the tests that open the report as a web page."""
    if browser_ready():
        return
    if os.name == "nt" or not shutil.which("apt-get") or os.geteuid() != 0:
        print("note: chromium/chromium-driver/fonts-noto-cjk are not installed and cannot be installed here "
              "(needs root and apt-get); the browser tests will be skipped", flush=True)
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", *BROWSER_PACKAGES, env=env,
            stdout=subprocess.DEVNULL)
    except subprocess.CalledProcessError as err:
        print(f"note: installing {' '.join(BROWSER_PACKAGES)} failed ({err}); the browser tests will be skipped",
              flush=True)


def task_report(args: list[str]) -> int:
    setup()
    unit = args[0] if args else "lusong-qiaolian"
    year = args[1] if len(args) > 1 else "2021"
    return subprocess.run([str(BIN / "qlaudit"), "report", "--unit", unit, "--year", year, "--out", "reports"],
                          cwd=ROOT).returncode


def task_test(args: list[str]) -> int:
    setup()
    setup_browser()
    for lint in ([str(BIN / "ruff"), "check", "."], [str(BIN / "mypy")]):  # mypy: the typed core, see pyproject
        result = subprocess.run(lint, cwd=ROOT)
        if result.returncode != 0:
            return result.returncode
    return subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT).returncode


def lab_command(args: list[str], euid: int | None) -> list[str]:
    """The JupyterLab command line; as root (``euid == 0``) with ``--allow-root``, without which JupyterLab stops."""
    root = ["--allow-root"] if euid == 0 and "--allow-root" not in args else []
    return [str(BIN / "jupyter"), "lab", "--notebook-dir", str(ROOT), *root, *args]


def task_lab(args: list[str]) -> int:
    setup()
    command = lab_command(args, os.geteuid() if hasattr(os, "geteuid") else None)
    if "--allow-root" in command and "--allow-root" not in args:
        print("note: running as root, so JupyterLab is started with --allow-root (it refuses to run as root "
              "without it)", flush=True)
    print(f"JupyterLab: start from notebooks/explore.ipynb; the notebooks open on the kernel "
          f"\"Python 3 ({KERNEL_NAME})\"", flush=True)
    return subprocess.run(command, cwd=ROOT).returncode


TASKS = {"report": task_report, "test": task_test, "lab": task_lab, "setup": lambda _args: setup() or 0}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__)
        return 2
    return TASKS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
