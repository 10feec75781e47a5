"""Text for a terminal: control characters from untrusted input shown as escapes, never sent raw.

Ledger text, file names, sheet names and report quotes may hold ESC sequences (colours, cursor moves, window
titles, OSC 8 links), a carriage return that overwrites a line, a bell or bidirectional overrides that reorder what
is shown. ``qlaudit``'s text output passes through :func:`safe`: C0 controls other than newline and tab, DEL, C1
controls and the Unicode bidi controls become visible ``\\x1b`` / ``\\u202e`` escapes. :func:`safe_json` does the same
inside JSON text with JSON's own ``\\u`` escapes, so the output still parses to the same data.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """``text`` with every control character except newline and tab written as a visible escape."""
    return _UNSAFE.sub(_escape, text)


def safe_json(text: str) -> str:
    """JSON text with the same characters escaped the JSON way (``\\u001b``): still valid, same data."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
