"""Layout quality on every sample case (and its People view) and the published networks in
data/: no two boxes (drawn node with its label) intersect, the top hubs' labels are drawn
full size at the zoom that fits the whole case into the diagram panel, and at least as many
labels as the label rule asks for (:func:`casegraph.layout.labels_wanted`: every entity of a
case of a few dozen) are 11 px or more there. The browser test
(tests/browser/test_layout_quality.py) checks the same on the page itself."""

from __future__ import annotations

import numpy as np
import pytest

from casegraph.analysis.people import people_network
from casegraph.io import load
from casegraph.layout import (
    HUB_LABELS,
    case_boxes,
    complete_layout,
    fit_zoom,
    labels_wanted,
    overlapping_pairs,
)
from casegraph.people_picture import people_picture
from casegraph.samples import sample_cases
from casegraph.theme import sizes

NETWORKS = [f"caviar/phase{i}.csv" for i in range(1, 12)] + [
    "siren/siren.csv", "natarajan_cocaine/cocaine.csv", "natarajan_heroin/heroin.csv",
    "meetings/meetings.csv"]


def check(case) -> None:
    complete_layout(case)
    boxes = case_boxes(case)
    xy = np.array([case.positions[n] for n in boxes.nodes], dtype=float)
    centres = xy + np.c_[np.zeros(len(xy)), boxes.dy]
    i, j = overlapping_pairs(centres, boxes.half_w, boxes.half_h)
    assert len(i) == 0, [(boxes.nodes[a], boxes.nodes[b]) for a, b in zip(i[:5], j[:5],
                                                                           strict=True)]
    zoom = fit_zoom(centres, boxes)
    on_screen = np.sort(boxes.font * zoom)[::-1]
    assert on_screen[:HUB_LABELS].min() >= 10.5  # hub labels: 13 px where they fit, about 11
    full = case.meta["layout"]["at_fit"]
    assert on_screen[:full].min() >= 10.5  # "about 11 px" for those shown at the fitted zoom
    readable = int((on_screen >= sizes()["label_px"] - 0.01).sum())
    if len(boxes.nodes) <= 300:
        assert readable >= labels_wanted(case.graph), (readable, labels_wanted(case.graph))


@pytest.mark.parametrize("sample", [s.id for s in sample_cases()])
def test_sample_case_layout(sample):
    check(next(s for s in sample_cases() if s.id == sample).build())


@pytest.mark.parametrize("sample", [s.id for s in sample_cases()])
def test_people_view_layout(sample):
    case = next(s for s in sample_cases() if s.id == sample).build()
    check(people_picture(case, people_network(case, isolates=False)))


@pytest.mark.parametrize("name", NETWORKS)
def test_published_network_layout(datasets, name):
    check(load(datasets / name))
