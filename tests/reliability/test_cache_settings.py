"""The production caches follow ARRIMAGE_CACHE_URL (docs/operations.md, « Several app servers »): each
process's memory with the rate-limit counts in the database when unset, the database or Redis when set,
and a start-up error for anything else. No database or Redis is reached: the settings are only read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.security.test_deploy import PRODUCTION_ENVIRONMENT, production

# The progress of long work stays in files unless Redis is there: in the database, an import's progress would
# be written inside its transaction, unseen until it ends.
PROGRESS_DIR = str(Path(__file__).resolve().parents[2] / "var" / "progress")

SHOW = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({name: [c["BACKEND"].rsplit(".", 1)[1], c.get("LOCATION"), c.get("KEY_PREFIX", "")]
                  for name, c in settings.CACHES.items()}))
"""


def caches(url: str) -> dict[str, list[str]]:
    result = production("-c", SHOW, environment={**PRODUCTION_ENVIRONMENT, "ARRIMAGE_CACHE_URL": url})
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "",
            {
                "default": ["LocMemCache", "arrimage", ""],
                "progress": ["FileBasedCache", PROGRESS_DIR, ""],
                "ratelimit": ["DatabaseCache", "arrimage_ratelimit", ""],
            },
        ),
        (
            "db",
            {
                "default": ["DatabaseCache", "arrimage_cache", ""],
                "ratelimit": ["DatabaseCache", "arrimage_ratelimit", ""],
                "progress": ["FileBasedCache", PROGRESS_DIR, ""],
            },
        ),
        (
            "redis://cache.internal:6379/2",
            {
                "default": ["RedisCache", "redis://cache.internal:6379/2", "arrimage"],
                "ratelimit": ["RedisCache", "redis://cache.internal:6379/2", "arrimage-ratelimit"],
                "progress": ["RedisCache", "redis://cache.internal:6379/2", "arrimage-progress"],
            },
        ),
    ],
)
def test_the_caches_follow_the_environment(url: str, expected: dict[str, list[str]]) -> None:
    assert caches(url) == expected


def test_an_unknown_cache_address_stops_the_start_up() -> None:
    result = production("-c", SHOW, environment={**PRODUCTION_ENVIRONMENT, "ARRIMAGE_CACHE_URL": "memcached://x"})
    assert result.returncode != 0
    assert "ARRIMAGE_CACHE_URL" in result.stderr
