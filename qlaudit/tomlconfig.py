"""Packaged TOML settings with an optional override file merged over them, key by key (tables recursively).

Shared by the rule thresholds (``qlaudit.settings``) and the scoring rules (``qlaudit.scoring``). Decimals are read
exactly (``parse_float=Decimal``). Errors are raised as the caller's own :class:`QlauditError` subclass.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path

from qlaudit.errors import QlauditError


def parse(text: str, name: str, error: type[QlauditError]) -> dict[str, object]:
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{name}: not valid TOML: {exc}") from exc


def merge(base: dict[str, object], override: dict[str, object]) -> dict[str, object]:
    merged = dict(base)
    for key, value in override.items():
        old = base.get(key)
        merged[key] = merge(old, value) if isinstance(value, dict) and isinstance(old, dict) else value
    return merged


def load(packaged: str, path: str | Path | None, what: str, error: type[QlauditError]) -> tuple[dict[str, object], str]:
    """The packaged file ``qlaudit/<packaged>`` with ``path`` merged over it; also a description of the source."""
    data = parse(resources.files("qlaudit").joinpath(packaged).read_text(encoding="utf-8"), packaged, error)
    source = f"qlaudit/{packaged}"
    if path is not None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise error(f"cannot read {what} {path}: {exc.strerror}") from exc
        data, source = merge(data, parse(text, str(path), error)), f"{source} + {path}"
    return data, source
