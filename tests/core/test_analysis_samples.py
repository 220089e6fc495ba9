"""Regression: CAVIAR and the matrix samples keep their figures and verdicts.

tests/fixtures/analysis_samples.json holds what the analysis and the structure verdict gave for
the shipped one-type networks before the analysis moved to arrays (commit 4b46b01): every
centrality value, the clusters, the summary, and the verdict of the whole network and of each
cluster of ten or more members. The same numbers must come out today.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casegraph.analysis import MEASURES, analyse
from casegraph.analysis.structure import structure_verdict
from casegraph.io import load
from casegraph.samples import sample_cases

GOLDEN = json.loads((Path(__file__).resolve().parents[1] / "fixtures" /
                     "analysis_samples.json").read_text(encoding="utf-8"))
SAMPLES = {s.id: s for s in sample_cases()}


def build(name: str, datasets: Path):
    if name.startswith("caviar-phase"):
        return load(datasets / "caviar" / f"phase{name.removeprefix('caviar-phase')}.csv")
    return SAMPLES[name].build()


def verdict_data(v) -> dict:
    return {"label": v.label, "numbers": v.numbers, "signals": v.signals, "hubs": v.hubs,
            "articulation_points": v.articulation_points,
            "bridges": [list(b) for b in v.bridges]}


def same_numbers(got: dict, want: dict) -> None:
    assert set(got) == set(want)
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-9, abs=1e-12), key


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_sample_figures_and_verdicts_are_unchanged(datasets, name):
    want = GOLDEN[name]
    case = build(name, datasets)
    result = analyse(case)
    same_numbers(result.summary, want["summary"])
    for measure in MEASURES:
        got = {str(k): float(v) for k, v in result.centrality[measure].items()}
        assert got == pytest.approx(want["centrality"][measure], rel=1e-9, abs=1e-12), measure
    assert {str(k): c for k, c in result.communities.items()} == want["communities"]
    assert result.community_sizes == want["community_sizes"]
    verdict = verdict_data(structure_verdict(case.graph, result.communities))
    same_numbers(verdict.pop("numbers"), want["verdict"]["numbers"])
    assert verdict == {k: v for k, v in want["verdict"].items() if k != "numbers"}
