"""schemathesis hooks for the API's fuzz (``test_api_fuzz.py``), loaded by its
command through ``SCHEMATHESIS_HOOKS``.

A well-formed ``Idempotency-Key`` that schemathesis generates is made unique
before the request is sent: generated keys repeat ("0", "00"...), and the same
key sent with another request is rightly refused (422), which would make a
schema-valid request look rejected. Malformed keys, and cases that leave a header
out on purpose, are left as generated, so the fuzz still checks that they are refused.
"""

from __future__ import annotations

import itertools
from typing import Any

import schemathesis
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario

from todo_chatbot.core.errors import ValidationFailed
from todo_chatbot.http.idempotency import HEADER, read_key

_sent = itertools.count()


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    key = (case.headers or {}).get(HEADER)
    if not isinstance(key, str) or _lacks_a_header(case):
        return
    try:
        read_key(key)
    except ValidationFailed:
        return
    case.headers = {**case.headers, HEADER: f"fuzz-{next(_sent)}"}


def _lacks_a_header(case: Any) -> bool:
    """A case that leaves out a header on purpose (the token, say): refused before its
    key counts, and left exactly as generated, for schemathesis checks it as such."""
    data = case.meta.phase.data if case.meta is not None else None
    return (
        isinstance(data, CoveragePhaseData) and data.scenario == CoverageScenario.MISSING_PARAMETER
    )
