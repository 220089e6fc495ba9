"""Labels at the fitted zoom on every sample case and published network in data/.

For each case: the default server layout (``casegraph.layout.complete_layout``), then, at the
zoom that fits the whole picture into the diagram panel (``casegraph.layout.PANEL``): how
many labels are drawn at 11 px or more, how many the label rule asks for
(``casegraph.layout.labels_wanted``), the smallest drawn label, and the number of
intersecting boxes (node with its label; must be 0). Then how many labels are drawn under
11 px on screen at that zoom: by cytoscape's own rule (``min-zoomed-font-size`` 10 px,
compared at the zoom rounded up to a power of two, on screens of pixel ratio 1 and 2),
which the stylesheet used before, and by the zoom handler of assets/casegraph.js
(``labelDetail``: a label under 11 px is hidden unless it is a hub's, the five most
connected here). The layout time is given beside
igraph's plain Fruchterman-Reingold of the same graph, run alternately (ratio of medians).

    python bench/labels.py                 # every case; updates bench/RESULTS.md
    python bench/labels.py --only caviar   # cases whose name contains "caviar"
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Labels at fit"
NETWORKS = [f"caviar/phase{i}.csv" for i in range(1, 12)] + [
    "siren/siren.csv", "natarajan_cocaine/cocaine.csv", "natarajan_heroin/heroin.csv",
    "meetings/meetings.csv"]


def cases() -> list[tuple[str, object]]:
    """(name, builder) of every case measured: samples, the People view of each sample with
    people, and the published networks."""
    from casegraph.analysis.people import people_network
    from casegraph.io import load
    from casegraph.people_picture import people_picture
    from casegraph.samples import sample_cases

    out = []
    for spec in sample_cases():
        out.append((f"sample {spec.id}", spec.build))

        def people(spec=spec):
            case = spec.build()
            net = people_network(case, isolates=False)
            return people_picture(case, net) if net.graph.number_of_nodes() < len(
                case.graph) else None
        out.append((f"sample {spec.id} (People)", people))
    for name in NETWORKS:
        out.append((name, lambda name=name: load(ROOT / "data" / name)))
    return out


def measure(case) -> dict:
    """Labels at the fitted zoom of a laid-out case (see the module docstring)."""
    import numpy as np

    from casegraph.layout import (
        HUB_LABELS,
        MAX_VIEW_ZOOM,
        case_boxes,
        fit_zoom,
        importance_order,
        labels_wanted,
        overlapping_pairs,
    )
    from casegraph.theme import sizes

    boxes = case_boxes(case)
    xy = np.array([case.positions[n] for n in boxes.nodes], dtype=float)
    centres = xy + np.c_[np.zeros(len(xy)), boxes.dy]
    zoom = fit_zoom(centres, boxes)
    screen = boxes.font * zoom
    label_px = float(sizes()["label_px"])
    readable = screen >= label_px - 0.05
    hubs = set(importance_order(case.graph)[:HUB_LABELS])
    hub = np.array([n in hubs for n in boxes.nodes])
    labelled, small = boxes.font > 0, screen < label_px - 0.05
    # cytoscape: drawn when font x 2^ceil(log2(zoom)) >= min-zoomed-font-size (hubs: 4)
    def by_cytoscape(ratio: float) -> np.ndarray:
        level = 2.0 ** math.ceil(math.log2(zoom * ratio))
        return labelled & (boxes.font * level >= np.where(hub, 4.0, label_px - 1))

    # labels that never reach label_px, even at the canvas' largest zoom
    unreachable = labelled & ~hub & (boxes.font * MAX_VIEW_ZOOM < label_px - 0.05)
    return {"n": len(boxes.nodes), "readable": int(readable.sum()),
            "unreachable": int(unreachable.sum()),
            "small_before": int((by_cytoscape(1) & small).sum()),
            "small_before_hidpi": int((by_cytoscape(2) & small).sum()),
            "small_after": int((labelled & small & hub).sum()),
            "wanted": labels_wanted(case.graph),
            "smallest": float(screen[readable].min()) if readable.any() else 0.0,
            "overlaps": int(len(overlapping_pairs(centres, boxes.half_w, boxes.half_h)[0])),
            "zoom": zoom}


def timed(build) -> tuple[object, float, float] | None:
    """The laid-out case, its layout time and igraph FR's time on the same graph."""
    from casegraph.analysis._igraph import seeded, to_igraph
    from casegraph.analysis.project import project
    from casegraph.layout import layout_case

    case = build()
    if case is None:
        return None
    started = time.perf_counter()
    g = to_igraph(project(case.graph))
    with seeded(0):
        g.layout_fruchterman_reingold(weights="weight", niter=500)
    ref = time.perf_counter() - started
    started = time.perf_counter()
    layout_case(case)
    return case, time.perf_counter() - started, ref


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows, ours_all, ref_all = [], [], []
    for name, build in cases():
        if args.only not in name:
            continue
        runs = [timed(build) for _ in range(args.repeat)]
        if runs[0] is None:
            continue
        case = runs[0][0]
        ours, ref = statistics.median(r[1] for r in runs), statistics.median(r[2] for r in runs)
        ours_all.append(ours)
        ref_all.append(ref)
        m = measure(case)
        rows.append(f"| {name} | {m['n']} | {m['readable']} | {m['wanted']} | "
                    f"{m['smallest']:.1f} | {m['overlaps']} | {m['zoom']:.2f} | "
                    f"{m['small_before']} / {m['small_before_hidpi']} | {m['small_after']} | "
                    f"{m['unreachable']} | "
                    f"{ours * 1000:.0f} | {ref * 1000:.0f} | {ours / max(ref, 1e-9):.1f} |")
        print(rows[-1], flush=True)
    total = sum(ours_all) / max(sum(ref_all), 1e-9)
    print(f"total layout time / total igraph FR time: {total:.1f}")
    if args.no_write or args.only:
        return
    table = "\n".join([
        SECTION, "",
        f"`python bench/labels.py`, median of {args.repeat} runs, panel "
        "546x503 px (the diagram at 1280x800). *readable*: labels drawn at 11 px or more at "
        "the fitted zoom; *rule*: how many the rule asks for (`casegraph.layout."
        "labels_wanted`: up to 300 entities, every entity whose 11 px label has room in "
        "the panel, most connected first, at a packing the layouts reach; above 300 the "
        "hubs; the rest appear as one zooms in); *smallest*: the smallest of those labels "
        "on screen; "
        "*overlaps*: intersecting boxes (node and label); *under 11 px*: labels drawn under "
        "11 px at the fitted zoom, by cytoscape's min-zoomed-font-size (the stylesheet "
        "before labelDetail; it rounds the zoom times the pixel ratio up to a power of two; "
        "pixel ratio 1 / 2) and by the zoom "
        "handler of assets/casegraph.js (`labelDetail`, only a hub's label is drawn under "
        "11 px); *never 11 px*: labels (hubs aside) under 11 px even at the canvas' "
        "largest zoom (`casegraph.layout.MAX_VIEW_ZOOM`), which labelDetail never shows. "
        "Times in ms, the ratio against "
        "igraph's plain Fruchterman-Reingold of the same graph.", "",
        "| case | entities | readable at fit | rule | smallest (px) | overlaps | fit zoom "
        "| under 11 px (min-zoomed) | under 11 px (labelDetail) | never 11 px "
        "| layout (ms) | igraph FR (ms) | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|", *rows, "",
        f"All cases together: layout time / igraph FR time = {total:.1f}.", ""])
    text = RESULTS.read_text(encoding="utf-8")
    if SECTION in text:
        start = text.index(SECTION)
        end = text.find("\n## ", start + 1)
        text = text[:start] + table + ("\n" + text[end + 1:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + table
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
