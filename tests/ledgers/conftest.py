"""Fixtures of the source-layout tests: every export layout written once per session from the sample ledgers."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("make_source_exports", ROOT / "tools" / "make_source_exports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def exports(tmp_path_factory) -> dict[str, Path]:
    """Layout name → file, written by tools/make_source_exports.py from data/lusong-qiaolian/2021."""
    return _generator().write_all(tmp_path_factory.mktemp("exports"))
