"""The hypothesis settings of the fuzz tests.

`ci` (the default) tries a bounded number of inputs in a fixed order, so that CI is quick and a failure
is reproduced by running the test again; `thorough` tries many more, in a random order, for a long run
by hand: `ARRIMAGE_FUZZ_PROFILE=thorough pytest tests/fuzz`. Nothing is written to a `.hypothesis/`
folder. The settings are applied to each test with `@FUZZ` (or `@fuzz(fraction)` for the slower tests,
such as those that go through the web pages) rather than loaded globally, so that other folders'
property tests keep their own settings when a session runs both.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=2000,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=2000,
    derandomize=False,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PROFILE = settings.get_profile(os.environ.get("ARRIMAGE_FUZZ_PROFILE", "ci"))
FUZZ = settings(PROFILE)


def fuzz(fraction: float = 1.0, **overrides: Any) -> Callable[[Any], Any]:
    """The profile's settings with a share of its examples: `@fuzz(0.5)` for a test twice as slow."""
    return settings(PROFILE, max_examples=max(1, int(PROFILE.max_examples * fraction)), **overrides)
