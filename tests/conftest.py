"""Test session settings: the import cache (qlaudit.ledgers.cache) lives in a temporary folder, never in ~/.cache;
hypothesis has no deadline (tests never assert on wall time: a first call that loads the vocabulary on a busy machine
is not a failure)."""

import atexit
import os
import shutil
import tempfile

from hypothesis import settings

settings.register_profile("qlaudit", deadline=None)
settings.load_profile("qlaudit")

_CACHE = tempfile.mkdtemp(prefix="qlaudit-test-cache-")
os.environ["QLAUDIT_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
