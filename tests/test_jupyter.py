"""Jupyter conventions: the notebooks open on the kernel tasks.py registers; `tasks.py lab` starts as root."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from qlaudit.jupyter import KERNEL_DISPLAY_NAME, KERNEL_NAME, kernelspec

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "qlaudit" / "report" / "notebooks").glob("*.ipynb")])


def load_tasks():
    spec = importlib.util.spec_from_file_location("qlaudit_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tasks_registers_the_kernel_the_library_names():
    tasks = load_tasks()
    assert tasks.KERNEL_NAME == KERNEL_NAME
    assert f'"--display-name", "{KERNEL_DISPLAY_NAME}"' in (ROOT / "tasks.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_notebook_carries_the_qlaudit_kernelspec(path):
    assert len(NOTEBOOKS) >= 2
    assert json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"] == kernelspec()


def test_the_qlaudit_kernel_is_registered_and_runs_this_python():
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)  # registered by `python3 tasks.py setup`
    assert spec.display_name == KERNEL_DISPLAY_NAME and spec.language == "python"
    assert Path(spec.argv[0]).absolute() == Path(sys.executable).absolute()


def test_lab_passes_allow_root_only_as_root_and_the_readme_says_so():
    tasks = load_tasks()
    as_root = tasks.lab_command([], 0)
    assert as_root[1:2] == ["lab"] and as_root.count("--allow-root") == 1
    assert "--allow-root" not in tasks.lab_command([], 1000) and "--allow-root" not in tasks.lab_command([], None)
    assert tasks.lab_command(["--allow-root", "--port", "9999"], 0).count("--allow-root") == 1
    assert "--allow-root" in (ROOT / "README.md").read_text(encoding="utf-8")
