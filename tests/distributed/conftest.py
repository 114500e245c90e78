"""What the distributed runtime's own tests share: a user of the session's system."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import DistributedServer, UserClient


@pytest.fixture
def user(distributed_server: DistributedServer) -> Iterator[UserClient]:
    with distributed_server.register() as client:
        yield client
