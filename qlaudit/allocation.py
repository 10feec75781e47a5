"""Building many small objects at once (evidence rows, their JSON) without the cyclic garbage collector.

Python's cyclic collector runs a full pass each time the number of live container objects has grown by a quarter;
building 10^5 evidence rows and their JSON dicts on a district-sized ledger triggered several full passes over
every live object (about 1 s CPU at 10^6 lines, varying from run to run). These objects hold no reference cycles,
so reference counting frees them all; the collector is paused while they are built and resumed after (any cycle
made meanwhile is collected then).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (re-enabled after it, if it was enabled before)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
