"""Usage and input errors that stop a command, each with the exit code the CLI returns.

    QlauditError (exit 2)
    ├── UnitYearNotFound      no data folder for the unit or year
    ├── InvalidInput          the import log has errors (carries the log)
    └── InvalidParameter      a call's parameter has a wrong name, type or value (also a ValueError); the
                              message names what is accepted

Import problems are data (``qlaudit.ledgers.ImportIssue``) and audit findings are data (``qlaudit.findings``);
only these exceptions stop a run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qlaudit.ledgers.importlog import ImportLog


class QlauditError(Exception):
    exit_code = 2


class UnitYearNotFound(QlauditError):
    pass


class InvalidInput(QlauditError):
    def __init__(self, message: str, import_log: ImportLog) -> None:
        super().__init__(message)
        self.import_log = import_log


class InvalidParameter(QlauditError, ValueError):
    """A wrong parameter of a library call (e.g. ``wb.sample``): says what is accepted, never a bare TypeError."""
