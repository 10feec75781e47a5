"""Test session settings: the import cache (qlaudit.ledgers.cache) lives in a temporary folder, never in ~/.cache."""

import atexit
import os
import shutil
import tempfile

_CACHE = tempfile.mkdtemp(prefix="qlaudit-test-cache-")
os.environ["QLAUDIT_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
