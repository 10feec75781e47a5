"""A papermill engine that executes the report notebook inside the current Python process.

Papermill's default engine starts a Jupyter kernel for every notebook: one to two seconds of start-up and a fresh
import of pandas and matplotlib each time. The report notebook is thin (each cell calls ``qlaudit.report.cells``)
and trusted, so the ``qlaudit-inprocess`` engine runs its cells in an IPython shell of the calling process, with a
fresh namespace per notebook, and records outputs exactly as a kernel would (display data, stdout/stderr streams,
error outputs). Papermill still parameterises the notebook, tracks cell state and raises
``PapermillExecutionError`` on a failing cell. ``qlaudit report --engine kernel`` keeps the kernel path.
"""

from __future__ import annotations

import traceback

import nbformat
from papermill.engines import Engine, papermill_engines

ENGINE_NAME = "qlaudit-inprocess"


def _shell():
    from IPython.core.interactiveshell import InteractiveShell

    return InteractiveShell.instance()


def _outputs(captured, error: BaseException | None) -> list:
    outputs = []
    if captured.stdout:
        outputs.append(nbformat.v4.new_output("stream", name="stdout", text=captured.stdout))
    if captured.stderr:
        outputs.append(nbformat.v4.new_output("stream", name="stderr", text=captured.stderr))
    for rich in captured.outputs:
        outputs.append(nbformat.v4.new_output("display_data", data=rich.data, metadata=rich.metadata or {}))
    if error is not None:
        outputs.append(nbformat.v4.new_output(
            "error", ename=type(error).__name__, evalue=str(error),
            traceback=traceback.format_exception(type(error), error, error.__traceback__),
        ))
    return outputs


class InProcessEngine(Engine):
    """Execute code cells in this process's IPython shell; stop at the first failing cell."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        from IPython.utils.capture import capture_output

        shell = _shell()
        shell.reset(new_session=False)
        execution_count = 0
        for index, cell in enumerate(nb_man.nb.cells):
            if cell.cell_type != "code":
                continue
            nb_man.cell_start(cell, index)
            execution_count += 1
            with capture_output(display=True) as captured:
                result = shell.run_cell(cell.source, store_history=False, silent=False)
            error = result.error_before_exec or result.error_in_exec
            cell.execution_count = execution_count
            cell.outputs = _outputs(captured, error)
            if error is not None:
                nb_man.cell_exception(cell, index)
                nb_man.cell_complete(cell, index)
                break
            nb_man.cell_complete(cell, index)
        shell.reset(new_session=False)
        return nb_man.nb


papermill_engines.register(ENGINE_NAME, InProcessEngine)
