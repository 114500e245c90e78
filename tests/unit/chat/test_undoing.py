"""Which messages ask to undo, and how the journal keeps one entry per message."""

from __future__ import annotations

import pytest

from todo_chatbot.chat.dialogue import State
from todo_chatbot.chat.journal import JOURNAL_LIMIT, STEP_LIMIT, Step
from todo_chatbot.chat.undoing import asks_to_undo


@pytest.mark.parametrize(
    "message", ["undo", "Undo!", "undo that", "oops undo", "oops, undo it", "undo the last change"]
)
def test_these_ask_to_undo(message: str) -> None:
    assert asks_to_undo(message)


@pytest.mark.parametrize("message", ["undo the dentist task", "cancel", "add undo button", "no"])
def test_these_do_not(message: str) -> None:
    assert not asks_to_undo(message)


def test_a_message_that_changes_several_tasks_is_one_entry() -> None:
    steps = [Step("deleted", f"t{n}", f"task {n}", {"id": f"t{n}"}) for n in range(3)]

    state = State().after("yes", steps)

    (entry,) = state.journal
    assert [s.task_id for s in entry.steps] == ["t0", "t1", "t2"]
    assert state.last is None
    assert State.from_json(state.as_json()) == state


def test_an_add_can_be_corrected_by_the_next_message_only() -> None:
    added = State().after("add buy milk", [Step("added", "t1", "buy milk")])
    assert added.last == {
        "task_id": "t1",
        "said": "add buy milk",
        "added": True,
        "title": "buy milk",
    }

    corrected = added.after("make it 5pm", [Step("updated", "t1", "buy milk", {"id": "t1"})])
    assert corrected.last == added.last

    assert corrected.after("what's pending?", []).last is None


def test_a_huge_batch_pushes_the_older_entries_out_but_stays_itself() -> None:
    state = State().after("add a", [Step("added", "a", "a")])
    batch = [Step("deleted", f"t{n}", str(n), {"id": f"t{n}"}) for n in range(STEP_LIMIT + 1)]

    state = state.after("yes", batch)

    (entry,) = state.journal
    assert len(entry.steps) == STEP_LIMIT + 1


def test_the_journal_keeps_the_newest_entries() -> None:
    state = State()
    for n in range(JOURNAL_LIMIT + 5):
        state = state.after(f"add {n}", [Step("added", f"t{n}", str(n))])

    assert len(state.journal) == JOURNAL_LIMIT
    assert state.journal[-1].said == f"add {JOURNAL_LIMIT + 4}"
