"""Fixtures and the count of inputs of the fuzz tests.

The hypothesis profiles are in `profiles.py`. Each fuzz test's report carries how many inputs it tried (the
user property « fuzz inputs »), so that the root conftest can add them up even when the tests run in several
processes, and end the session with a line such as « fuzz: 12 345 inputs tried in 28 tests ».
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from . import profiles  # noqa: F401 - registers the profiles

_TRIED: dict[str, int] = {}
_RUNNING: list[str] = []


def _counted(inner: Any) -> Any:
    @functools.wraps(inner)
    def run(*args: Any, **kwargs: Any) -> Any:
        if _RUNNING:
            _TRIED[_RUNNING[-1]] = _TRIED.get(_RUNNING[-1], 0) + 1
        return inner(*args, **kwargs)

    return run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Count each call of a fuzz test's body: hypothesis calls `.hypothesis.inner_test` once per input."""
    for item in items:
        handle = getattr(getattr(item, "obj", None), "hypothesis", None)
        if handle is not None and "tests/fuzz/" in item.nodeid and not hasattr(handle.inner_test, "__wrapped__"):
            handle.inner_test = _counted(handle.inner_test)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    _RUNNING.append(item.nodeid)
    try:
        return (yield)
    finally:
        _RUNNING.pop()
        if item.nodeid in _TRIED:
            item.user_properties.append(("fuzz inputs", _TRIED.pop(item.nodeid)))
