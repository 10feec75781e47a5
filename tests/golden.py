"""Golden files: compare rendered text with a committed file. A missing golden FAILS (it is never written silently);
regenerate on purpose with QLAUDIT_UPDATE_GOLDEN=1 and review the diff."""

import os
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def assert_matches_golden(name: str, text: str) -> None:
    path = GOLDEN_DIR / name
    if os.environ.get("QLAUDIT_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"golden file {path} is missing; run with QLAUDIT_UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"rendered text differs from {path}; if intended, regenerate with QLAUDIT_UPDATE_GOLDEN=1"
