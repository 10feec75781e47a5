"""Ledger files → canonical DataFrames, with an import log that accounts for every row."""

from qlaudit.ledgers.importlog import FileImport, ImportIssue, ImportLog
from qlaudit.ledgers.load import OUTPUT_COLUMNS, empty_frame, load_ledger
from qlaudit.ledgers.schema import LEDGERS

__all__ = ["LEDGERS", "OUTPUT_COLUMNS", "FileImport", "ImportIssue", "ImportLog", "empty_frame", "load_ledger"]
