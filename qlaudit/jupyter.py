"""Jupyter conventions of the project: the kernel JupyterLab opens qlaudit's notebooks on.

``python3 tasks.py setup`` registers this kernel in the project's virtual environment (``ipykernel install
--sys-prefix --name qlaudit``); the notebooks in ``notebooks/`` and the report notebook carry the same kernelspec in
their metadata, and so does every published ``report.ipynb``, so JupyterLab opens them on “Python 3 (qlaudit)”
instead of asking for a kernel or picking a Python without qlaudit.
"""

from __future__ import annotations

from typing import Any

KERNEL_NAME = "qlaudit"  # must agree with tasks.py KERNEL_NAME (tests/test_jupyter.py checks it)
KERNEL_DISPLAY_NAME = "Python 3 (qlaudit)"


def kernelspec() -> dict[str, str]:
    """The notebook metadata ``kernelspec`` of a qlaudit notebook."""
    return {"display_name": KERNEL_DISPLAY_NAME, "language": "python", "name": KERNEL_NAME}


def with_kernelspec(nb: Any) -> Any:
    """``nb`` (an nbformat node or a dict) with the qlaudit kernelspec in its metadata; returns ``nb``."""
    nb["metadata"]["kernelspec"] = kernelspec()
    return nb
