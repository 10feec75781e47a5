"""Test session settings: the import cache (qlaudit.ledgers.cache) lives in a temporary folder, never in ~/.cache;
hypothesis has no deadline (tests never assert on wall time: a first call that loads the vocabulary on a busy machine
is not a failure).

Messages: qlaudit speaks Chinese by default (qlaudit.i18n). The tests written before the message catalogue assert on
the English wording, so the session runs with QLAUDIT_LANG=en; the tests of the Chinese output (tests/test_i18n.py,
tests/test_cli_zh.py, the report's own texts, which are Chinese whatever the language) set or clear it themselves."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("qlaudit", deadline=None)
settings.load_profile("qlaudit")

_CACHE = tempfile.mkdtemp(prefix="qlaudit-test-cache-")
os.environ["QLAUDIT_CACHE_DIR"] = _CACHE
os.environ["QLAUDIT_LANG"] = "en"
atexit.register(shutil.rmtree, _CACHE, True)


@pytest.fixture(scope="session")
def published_2021(tmp_path_factory):
    """`qlaudit report` of the seed unit-year (lusong-qiaolian 2021), run once per session: the end-to-end and the
    browser tests read the same published folder (none of them writes into it)."""
    from qlaudit.report.run import build_report

    data = Path(__file__).resolve().parent.parent / "data"
    return build_report("lusong-qiaolian", 2021, data, tmp_path_factory.mktemp("published"))
