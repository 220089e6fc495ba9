"""The bench's machine-readable lines: what bench/all.py reads from its child scripts."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def bench_all():
    spec = importlib.util.spec_from_file_location("bench_all", ROOT / "bench" / "all.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_largecase_json_line_holds_each_run(tmp_path):
    done = subprocess.run([sys.executable, "bench/largecase.py", "--sizes", "200", "--drills",
                           "1", "--workdir", str(tmp_path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=True)
    last = json.loads(done.stdout.strip().splitlines()[-1])
    assert last["bench"] == "largecase"
    [run] = last["runs"]
    assert (run["n"], run["links"]) == (200, 600)
    assert run["upload"][0] > 0 and "overview payload" in run["stages"]
    assert len(run["drills"]) == 1
    assert (tmp_path / "ws200").is_dir()  # the workspace bench/open_browser.py can serve


def test_goal_met_by_median_or_by_every_run():
    bench = bench_all()
    assert bench.verdict([0.5, 2.0, 0.9], 1.0) == "yes"
    assert bench.verdict([0.5, 2.0, 0.9], 1.0, on="max") == "**no**"
    assert bench.verdict([0.5], None) == ""
    assert bench.spread([3.0, 1.0, 2.0]) == "1.00 / 2.00 / 3.00"
    assert bench.spread([1.5]) == "1.50"


def test_time_row_without_a_run_says_so():
    bench = bench_all()
    row = bench.time_row("open", [], "<= 3 s")
    assert row.startswith("| open |") and "no run finished" in row
    assert row.count("|") == bench.HEADER[1].count("|")  # one cell per column
