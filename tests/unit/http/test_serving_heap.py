"""A server process's garbage collector, set once its app is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from todo_chatbot.http.app import GC_YOUNG_THRESHOLD, settle_heap_for_serving


@pytest.fixture
def restored_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored_collector")
def test_the_start_up_heap_is_left_out_of_collections_and_they_come_less_often() -> None:
    gc.unfreeze()
    _, middle, old = gc.get_threshold()

    settle_heap_for_serving()

    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, middle, old)
