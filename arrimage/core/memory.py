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

    What the block leaves alive (a kept index, the result it returns) then joins the oldest generation at
    once (`_aged`): the collector would otherwise walk it three times before it gets there, once in each
    generation, which took half a second after the preview of an import of 10,000 rows.

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
        _aged()
        gc.enable()


def _aged() -> None:
    """Move every object the collector follows into its oldest generation, where only a full collection
    walks it (full collections come as often as before: they are counted from the objects that reach it
    through the younger generations).

    `gc.freeze()` moves them all to the permanent generation and `gc.unfreeze()` moves that one into the
    oldest, each in constant time. Nothing stays frozen, so cycles made meanwhile are still collected, at
    the next full collection. Skipped when something of the process was frozen on purpose (before workers
    fork, to share their memory), so that it stays frozen."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
