"""Measuring each scale of the synthetic province in its own child process, on its own database: a scale
never warms the caches, the imports or the memory of the next one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def measure_scales(module: str, scales: list[float], arguments: list[str], database: str) -> dict[float, Any] | None:
    """Run `python -m <module> --one <scale> <arguments>` for each scale, with the database
    `var/<database>-<scale>.sqlite3`, and return each child's result (the JSON of its last output line).
    None when a child fails (its output is shown)."""
    runs = {}
    for scale in scales:
        print(f"Scale {scale:g}: preparing and measuring (a child process)…", flush=True)
        command = [sys.executable, "-m", module, "--one", str(scale), *arguments]
        environment = {**os.environ, "ARRIMAGE_BENCH_DATABASE": f"{database}-{scale:g}.sqlite3"}
        done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stdout, done.stderr, file=sys.stderr)
            return None
        runs[scale] = json.loads(done.stdout.strip().splitlines()[-1])
    return runs


def prepared_dataset(name: str, *, scale: float, seed: int, rebuild: bool) -> dict[str, Any]:
    """In a child process (Django set up): the synthetic registry of this scale, written when missing or
    asked, described in `var/bench/<name>-<scale>-dataset.json`. Its progress stays off the standard
    output, which carries only the child's JSON result."""
    from bench.registry import prepare_database

    dataset_path = Path(__file__).resolve().parent.parent / "var" / "bench" / f"{name}-{scale:g}-dataset.json"
    with Path(os.devnull).open("w") as quiet:
        stdout, sys.stdout = sys.stdout, quiet
        try:
            return prepare_database(scale=scale, seed=seed, rebuild=rebuild, dataset_path=dataset_path)
        finally:
            sys.stdout = stdout
