"""Memory management for the few computations that build hundreds of thousands of objects at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the block runs.

    A province's analysis or a large import creates hundreds of thousands of young objects that live until
    the end: every few hundred allocations wake the collector, which walks them all again to find no cycle,
    a fifth to a third of the work's time. Reference counting still frees what the block drops; the cycles
    made meanwhile are collected afterwards. A caller that already paused it keeps it paused.

    The collector is the process's: under threaded workers (gunicorn's gthread), the other threads' cycles
    wait for the end of the block too.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
