"""Compare date engines under the chat parser on the two public benchmark files.

    python -m bench.parser_compare [--benchmarks bench/parser] [--engines ours,...]

Each engine sits inside the same thin wrapper: our intent reader finds the
command and its title, the engine finds the date and time in the rest of the
message, and the wrapper writes the contract's JSON (a date when the engine
found no time of day, else the wall time in the user's zone as an instant).
Every case is then scored with the benchmarks' own scorer
(``bench/parser/score_parse.py``), in process, and timed per message. The parser
is called through its public functions (``todo_chatbot.chat.language``'s
``parse`` and ``to_contract``, as ``docs/parser.md`` shows them).

Engines: ``ours`` (the parser's own grammar), ``dateparser``
(``search_dates``), ``parsedatetime`` (``Calendar.nlp``), ``timefhuman``. The
first two libraries come from the ``bench`` optional dependencies (``pip
install -r requirements/bench.lock``); an engine that is not installed is
reported as such. A wrapped engine's time includes our intent reader's.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

from todo_chatbot.chat.language import AddTask, Command, parse, to_contract
from todo_chatbot.core.timekeeping import Due, to_instant, zone

DEFAULT_BENCHMARKS = Path(__file__).resolve().parent / "parser"
"""The benchmark files and their scorer (``bench/parser/README.md``)."""
FILES = ("duckling-en-time.jsonl", "slurp-todo.jsonl")

DateEngine = Callable[[str, datetime, ZoneInfo], Due | None]
"""Finds the due in a message: (text, now, zone) -> a date, an instant, or None."""


@dataclass(frozen=True)
class Result:
    engine: str
    file: str
    correct: int
    total: int
    median_ms: float
    total_s: float
    by_intent: dict[str, tuple[int, int]]


def ours(text: str, now: datetime, tz: ZoneInfo) -> Command:
    return parse(text, now=now, tz=tz)


def wrapped(engine: DateEngine) -> Callable[[str, datetime, ZoneInfo], Command]:
    """Our intents and titles, the engine's dates."""

    def read(text: str, now: datetime, tz: ZoneInfo) -> Command:
        command = parse(text, now=now, tz=tz)
        if isinstance(command, AddTask):
            return replace(command, task=replace(command.task, due=engine(text, now, tz)))
        return command

    return read


def _module(name: str) -> ModuleType | None:
    if importlib.util.find_spec(name.split(".")[0]) is None:
        return None
    return importlib.import_module(name)


def dateparser_engine() -> DateEngine | None:
    search = _module("dateparser.search")
    dateparser = _module("dateparser")
    if search is None or dateparser is None:
        return None

    def find(text: str, now: datetime, tz: ZoneInfo) -> Due | None:
        wall = now.astimezone(tz).replace(tzinfo=None)
        settings = {"RELATIVE_BASE": wall, "PREFER_DATES_FROM": "future"}
        found: Any = search.search_dates(text, languages=["en"], settings=settings)
        if not found:
            return None
        phrase, moment = found[0]
        if not _says_a_time(phrase, moment, wall):
            return moment.date()  # type: ignore[no-any-return]
        return to_instant(moment.replace(tzinfo=None), tz)

    return find


_CLOCK_WORDS = re.compile(r"\d|noon|midnight|now|hour|minute|second|morning|evening|night|tonight")


def _says_a_time(phrase: str, moment: datetime, wall: datetime) -> bool:
    """dateparser gives no time-or-date flag: midnight, or ``now``'s own time for a phrase
    that names no clock ("in 3 days"), is read as a date with no time."""
    if moment.time() == datetime.min.time():
        return False
    return moment.time() != wall.time() or bool(_CLOCK_WORDS.search(phrase.lower()))


def parsedatetime_engine() -> DateEngine | None:
    module = _module("parsedatetime")
    if module is None:
        return None
    calendar: Any = module.Calendar(version=module.VERSION_CONTEXT_STYLE)

    def find(text: str, now: datetime, tz: ZoneInfo) -> Due | None:
        wall = now.astimezone(tz).replace(tzinfo=None)
        found = calendar.nlp(text, sourceTime=wall)
        if not found:
            return None
        moment, context = found[0][0], found[0][1]
        if not context.hasTime:
            return date(moment.year, moment.month, moment.day)
        return to_instant(moment, tz)

    return find


def timefhuman_engine() -> DateEngine | None:
    """timefhuman pins python-dateutil 2.9, which the project's 4.x excludes: it is not in
    the ``bench`` lock, and is measured in an environment of its own (docs/parser.md)."""
    module = _module("timefhuman")
    if module is None:
        return None

    def find(text: str, now: datetime, tz: ZoneInfo) -> Due | None:
        wall = now.astimezone(tz).replace(tzinfo=None)
        config = module.tfhConfig(now=wall, return_matched_text=True)
        found: Any = module.timefhuman(text, config=config)
        if not found:
            return None
        phrase, _, value = found[0]
        while isinstance(value, tuple | list) and value:
            value = value[0]
        if isinstance(value, timedelta):
            return now + value
        if isinstance(value, datetime):
            if not _says_a_time(phrase, value, wall):
                return value.date()
            return to_instant(value.replace(tzinfo=None), tz)
        if isinstance(value, date):
            return value
        return None

    return find


def engines() -> dict[str, Callable[[str, datetime, ZoneInfo], Command] | None]:
    found = {
        "dateparser": dateparser_engine(),
        "parsedatetime": parsedatetime_engine(),
        "timefhuman": timefhuman_engine(),
    }
    readers: dict[str, Callable[[str, datetime, ZoneInfo], Command] | None] = {"ours": ours}
    for name, engine in found.items():
        readers[name] = None if engine is None else wrapped(engine)
    return readers


def load_scorer(benchmarks: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_parse", benchmarks / "score_parse.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score_parse.py in {benchmarks}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(
    name: str,
    read: Callable[[str, datetime, ZoneInfo], Command],
    cases: list[dict[str, Any]],
    scorer: ModuleType,
    file: str,
) -> Result:
    timings: list[float] = []
    correct = 0
    by_intent: dict[str, list[int]] = {}
    for case in cases:
        tz = zone(case["tz"])
        now = datetime.fromisoformat(case["now"])
        started = time.perf_counter()
        try:
            got: Any = json.loads(json.dumps(to_contract(read(case["text"], now, tz), tz)))
        except Exception as exc:  # a library that crashes on a message misses it
            got = {"error": repr(exc)}
        timings.append(time.perf_counter() - started)
        ok = not scorer.score_case(case, case["_mode"], got)
        correct += ok
        group = by_intent.setdefault(scorer.label(case), [0, 0])
        group[0] += ok
        group[1] += 1
    return Result(
        engine=name,
        file=file,
        correct=correct,
        total=len(cases),
        median_ms=1000 * statistics.median(timings),
        total_s=sum(timings),
        by_intent={k: (v[0], v[1]) for k, v in sorted(by_intent.items())},
    )


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    options.add_argument("--benchmarks", type=Path, default=DEFAULT_BENCHMARKS)
    options.add_argument("--engines", default="ours,dateparser,parsedatetime,timefhuman")
    options.add_argument("--by-intent", action="store_true", help="also print per-intent counts")
    args = options.parse_args(argv)
    scorer = load_scorer(args.benchmarks)
    available = engines()
    chosen = [name for name in args.engines.split(",") if available.get(name) is not None]
    for name in sorted(set(args.engines.split(",")) - set(chosen)):
        print(f"{name}: not installed (see docs/parser.md, 'Measuring the libraries')")
    rows: list[Result] = []
    for file in FILES:
        cases, problems = scorer.load_cases(str(args.benchmarks / file), "full")
        if problems:
            raise SystemExit(f"{file}: {problems[0]}")
        for name in chosen:
            read = available[name]
            assert read is not None
            rows.append(run(name, read, cases, scorer, file))
    print_table(rows, by_intent=args.by_intent)
    return 0


def print_table(rows: list[Result], *, by_intent: bool) -> None:
    print(f"{'file':24} {'engine':14} {'accuracy':>18} {'median ms':>10} {'total s':>8}")
    for row in rows:
        share = f"{row.correct / row.total:.3f} ({row.correct}/{row.total})"
        print(f"{row.file:24} {row.engine:14} {share:>18} {row.median_ms:10.3f} {row.total_s:8.2f}")
        if by_intent:
            for label, (ok, total) in row.by_intent.items():
                print(f"{'':24}   {label:30} {ok:4d}/{total:<4d}")


if __name__ == "__main__":
    sys.exit(main())
