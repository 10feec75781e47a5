"""The import cache: each ledger file's canonical frame (Parquet) and import record (JSON), keyed on content.

The key is the SHA-256 of: the source file's SHA-256, the profile (or, when detected, every candidate profile),
the loader version, the year, the reference tables' version, the ledger, the display name, the resource limits in
force and the SHA-256 of a code list the profile reads beside the file. A rerun on unchanged
inputs skips parsing; any change of one of them is a miss. Stored under ``$QLAUDIT_CACHE_DIR`` (default
``~/.cache/qlaudit``), never in the data folder; ``QLAUDIT_NO_CACHE=1`` turns it off. A hit gives the same frame
(values and dtypes) and the same import record as the load it replaces; a cache that cannot be written or read is
ignored (it only saves time).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from qlaudit import codes, limits
from qlaudit.ledgers.importlog import FileImport
from qlaudit.ledgers.profiles import Profile, for_ledger

Result = tuple[pd.DataFrame, FileImport]


def cache_dir() -> Path:
    return Path(os.environ.get("QLAUDIT_CACHE_DIR") or Path.home() / ".cache" / "qlaudit") / "imports"


def enabled() -> bool:
    return os.environ.get("QLAUDIT_NO_CACHE", "") not in ("1", "true", "yes")


def cache_key(source_sha256: str, ledger: str, year: int, display: str, profile: Profile | None,
              beside: dict[str, str] | None = None) -> str:
    from qlaudit.ledgers.load import LOADER_VERSION

    profiles = [profile.fingerprint()] if profile is not None else [p.fingerprint() for p in for_ledger(ledger)]
    parts = {"source": source_sha256, "ledger": ledger, "year": year, "display": display, "profiles": profiles,
             "loader": LOADER_VERSION, "reference": codes.reference_version(), "limits": limits.current().fingerprint(),
             "beside": beside or {}}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _to_parquet(frame: pd.DataFrame, path: Path) -> None:
    data = frame.copy()
    if "weight" in data.columns:  # Decimal objects kept exactly, with their exponent
        data["weight"] = data["weight"].map(lambda d: None if d is None else str(d)).astype(object)
    data.to_parquet(path, index=False)


def _from_parquet(path: Path) -> pd.DataFrame:
    # one Arrow chunk per column (per row group), where pandas' reader gives one per 128 Ki rows: the engine joins
    # the chunks of the columns it takes evidence from, which is free for a single chunk
    frame = pq.ParquetFile(path).read().to_pandas()
    if "weight" in frame.columns:
        frame["weight"] = pd.Series([None if v is None or v != v else Decimal(v) for v in frame["weight"]],
                                    dtype=object)
    return frame


def cached(path: Path, ledger: str, year: int, display: str, profile: Profile | None,
           load: Callable[[], Result]) -> Result:
    """The cached result for this file, or ``load()`` stored for next time."""
    if not enabled() or not path.is_file():
        return load()
    from qlaudit.ledgers.read import sha256_of
    from qlaudit.ledgers.transform import lookup_files

    try:
        if path.stat().st_size > limits.current().file_bytes:
            return load()  # the loader reports the limit; nothing to hash
        digest = sha256_of(path)
        candidates = [profile] if profile is not None else for_ledger(ledger)
        beside = {p.name: sha256_of(p) for c in candidates for spec in c.lookups.values()
                  for p in lookup_files(spec, path.parent)[:1] if p.stat().st_size <= limits.current().text_bytes}
    except OSError:
        return load()  # the loader reports a file it cannot read
    key = cache_key(digest, ledger, year, display, profile, beside)
    folder = cache_dir()
    frame_path, record_path = folder / f"{key}.parquet", folder / f"{key}.json"
    if frame_path.is_file() and record_path.is_file():
        try:
            record = FileImport.from_dict(json.loads(record_path.read_text(encoding="utf-8")))
            return _from_parquet(frame_path), record
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged entry is a miss
    frame, record = load()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".parquet.tmp", delete=False) as tmp:
            tmp_frame = Path(tmp.name)
        _to_parquet(frame, tmp_frame)
        tmp_record = tmp_frame.with_suffix(".json.tmp")
        tmp_record.write_text(json.dumps(record.as_dict(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp_frame, frame_path)
        os.replace(tmp_record, record_path)
    except OSError:
        pass
    return frame, record
