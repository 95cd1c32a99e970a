import gc
import weakref

from arrimage.core.memory import collection_paused


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _in_generation(obj: object, generation: int) -> bool:
    return any(found is obj for found in gc.get_objects(generation=generation))


def test_what_a_pause_leaves_alive_joins_the_oldest_generation_at_once():
    with collection_paused():
        kept = [_Node() for _ in range(3)]
    assert _in_generation(kept, 2)
    assert not _in_generation(kept, 0)
    assert gc.get_freeze_count() == 0  # nothing stays frozen


def test_a_cycle_dropped_during_a_pause_is_still_collected():
    with collection_paused():
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        watched = weakref.ref(first)
        del first, second
    assert watched() is not None  # a cycle: reference counting alone cannot free it
    gc.collect()
    assert watched() is None


def test_objects_frozen_on_purpose_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collection_paused():
            young = _Node()
        gc.disable()  # no collection may age it meanwhile
        assert gc.get_freeze_count() == frozen
        assert not _in_generation(young, 2)
    finally:
        gc.enable()
        gc.unfreeze()
