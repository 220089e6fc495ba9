"""The case-file report: one self-contained HTML page and the same content as a PDF.

A report states what the network looked like, how it was analysed and where every entity
and link came from, and carries the SHA-256 of the case data it was made from
(:func:`case_digest`), so a reader months later can check it against the stored case. The
same case, analysis and inputs give byte-identical HTML and PDF for the same
``generated_at``: nothing else in it depends on the clock or the machine's state.

The PDF is written with ReportLab in invariant mode (fixed document ids and dates); the
diagram and the disruption chart are vector drawings converted from the picture SVG by
svglib, so no browser or external service is involved.

>>> from casegraph.model import Case
>>> from casegraph.analysis import analyse
>>> case = Case(name="Demo", meta={"case_number": "CG-1"})
>>> _ = case.add_entity("a", "person", "Ash"); _ = case.add_entity("b", "person", "Bay")
>>> _ = case.add_link("a", "b", "call")
>>> report = build_report(case, analyse(case), generated_at="2026-01-01T00:00:00Z")
>>> report.digest == case_digest(case) and report.digest in report.html
True
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import math
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from casegraph.model import Case, entity_types, now_iso
from casegraph.picture import (
    Banner,
    View,
    default_classification,
    picture_svg,
    source_name,
)

__all__ = ["Report", "build_report", "case_digest", "disruption_svg"]

HUB_ROWS = 15
CLUSTER_ROWS = 20
CLUSTER_MEMBERS = 6
AUDIT_ROWS = 500
CURVE_COLOURS = ("#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2",
                 "#9c755f", "#edc948")
REPORT_VIEW = View(width=1200, height=800, top_hubs=5, size_by="betweenness")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: Any) -> str:
    """Text as written (emoji kept: the HTML shows them, the PDF draws them as pictures),
    without control characters."""
    return _CONTROL.sub("", str(value))


def case_digest(case: Case) -> str:
    """SHA-256 of the case data as canonical JSON (sorted keys, nodes and links sorted).

    Insertion order does not change the digest; any change to a node, link, attribute,
    position or meta field does.

    >>> from casegraph.model import Case
    >>> len(case_digest(Case()))
    64
    """
    data = case.to_dict()
    data["nodes"] = sorted(data["nodes"], key=lambda n: str(n["id"]))
    data["links"] = sorted(data["links"], key=lambda e: (str(e["source"]), str(e["target"]),
                                                         str(e["key"])))
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Report:
    """A built report: ``html`` (self-contained page), ``pdf()`` bytes, ``digest`` of the case.

    ``sections`` holds the plain content both formats are rendered from.
    """

    html: str
    digest: str
    sections: dict[str, Any] = field(repr=False)
    picture: str = field(repr=False, default="")
    chart: str = field(repr=False, default="")

    def pdf(self) -> bytes:
        return render_pdf(self)


# -- content ----------------------------------------------------------------------------------
def build_report(case: Case, analysis: Any, *, structure: Any = None, disruption: Any = None,
                 audit_rows: Sequence[Mapping[str, Any]] | None = None, view: View | None = None,
                 banner: Banner | None = None, generated_at: str | None = None,
                 targets: int = 5, what_if: Sequence[Any] | None = None) -> Report:
    """Build the case-file report of a case and its analysis.

    Parameters
    ----------
    case : Case
    analysis : CaseAnalysis
        From ``casegraph.analysis.analyse(case)`` (or the workspace's cached one).
    structure : dict or dataclass, optional
        A structure verdict: ``verdict`` (name), an explanation (``explanation``/``sentence``/
        ``text``), its numbers (scalar fields or a ``numbers``/``metrics`` mapping) and
        optionally ``clusters`` (a list of per-cluster verdicts). Skipped when None.
    disruption : mapping, optional
        Removal curves: ``{strategy: [share, ...]}`` (share of the largest component still
        connected after each removal step), or ``{"curves": {...}, "block": k}``; a strategy
        may map to ``{"mean": [...], "low": [...], "high": [...]}`` (random removals).
        Skipped when None.
    audit_rows : list of dict, optional
        Rows of the enrichment audit log (``casegraph.enrichment.audit.AuditLog.rows``);
        an empty list says "No lookups were made".
    targets : int
        How many recommended targets (greedy key players, as the Disruption tab picks
        them) to list; 0 for none.
    what_if : list of node ids, optional
        An arrest set the analyst tried ("what if we arrest these"): what is left of the
        network is stated.
    view : View, optional
        The saved view to draw; a fit-all view with the top hubs highlighted by default.
    banner : Banner, optional
        Analyst and classification; the case number, name and sources come from the case.
    generated_at : str, optional
        ISO-8601 UTC time written on the report; now when None.

    Returns
    -------
    Report
    """
    generated_at = generated_at or now_iso()
    base = banner or Banner.for_case(case)
    filled = Banner.for_case(case, analyst=base.analyst,
                             classification=base.classification or default_classification(),
                             at=generated_at)
    if base.case_number:
        filled = Banner(**{**asdict(filled), "case_number": base.case_number})
    if base.sources:
        filled = Banner(**{**asdict(filled), "sources": tuple(base.sources)})
    digest = case_digest(case)
    view = view or REPORT_VIEW
    picture = picture_svg(case, view, banner=filled, analysis=analysis)
    curves = normalise_disruption(disruption) if disruption is not None else None
    chart = disruption_svg(curves) if curves else ""
    sections: dict[str, Any] = {
        "title": title_block(case, filled, generated_at, digest),
        "summary": summary_section(case, analysis),
        "hubs": hubs_table(case, analysis),
        "clusters": clusters_table(case, analysis),
        "structure": normalise_structure(structure) if structure is not None else None,
        "disruption": curves,
        "work": analyst_work(case, targets=targets, what_if=what_if),
        "provenance": provenance_groups(case),
        "audit": audit_extract(audit_rows) if audit_rows is not None else None,
    }
    report = Report(html="", digest=digest, sections=sections, picture=picture, chart=chart)
    report.html = render_html(report)
    return report


def analyst_work(case: Case, targets: int = 5,
                 what_if: Sequence[Any] | None = None) -> dict[str, Any]:
    """What the analyst added and tried: tags, notes, recommended targets, a what-if.

    >>> case = Case()
    >>> _ = case.add_entity("a", "person", "Ash", tag="suspect", note="Runs the ring")
    >>> analyst_work(case, targets=0)["tags"]
    [{'tag': 'suspect', 'label': 'Suspect', 'entities': ['Ash']}]
    """
    from casegraph.analysis.disruption import key_players, what_if_removed
    from casegraph.analysis.project import project
    from casegraph.theme import tags as tag_looks

    graph = case.graph
    looks = tag_looks()
    tagged = [{"tag": t, "label": look["label"],
               "entities": sorted(_label(case, n) for n, v in graph.nodes(data="tag")
                                  if v == t)} for t, look in looks.items()]
    notes = sorted((_label(case, n), looks.get(graph.nodes[n].get("tag"), {}).get("label", ""),
                    _text(str(text).strip()))
                   for n, text in graph.nodes(data="note") if text and str(text).strip())
    out: dict[str, Any] = {"tags": [t for t in tagged if t["entities"]],
                           "notes": [{"entity": e, "tag": t, "note": x} for e, t, x in notes],
                           "targets": [], "what_if": None}
    H = project(graph) if (targets > 0 or what_if) else None
    if targets > 0 and H is not None and H.number_of_edges():
        out["targets"] = [{"rank": i + 1, "entity": _label(case, p.node),
                           "gain": round(p.gain, 3), "fragmentation": round(p.fragmentation, 3),
                           "lcc_share": round(p.lcc_share, 3)}
                          for i, p in enumerate(key_players(H, min(int(targets), 20)))]
    people = [n for n in dict.fromkeys(what_if or []) if H is not None and n in H]
    if people:
        result = what_if_removed(H, people)
        out["what_if"] = {"removed": [_label(case, n) for n in people],
                          "groups": len([p for p in result.pieces if len(p) > 1]),
                          "largest": len(result.pieces[0]) if result.pieces else 0,
                          "lcc_share": round(result.lcc_share, 3),
                          "isolated": [_label(case, n) for n in result.isolated]}
    return out


def title_block(case: Case, banner: Banner, generated_at: str, digest: str) -> dict[str, Any]:
    meta = case.meta
    return {
        "name": _text(case.name),
        "case_number": banner.case_number or "(no case number)",
        "classification": (banner.classification or default_classification()).upper(),
        "analyst": banner.analyst or "(not given)",
        "generated_at": generated_at.replace("+00:00", "Z"),
        "digest": digest,
        "description": _text(meta.get("description") or ""),
        "attribution": _text(meta.get("attribution") or ""),
        "sources": list(banner.sources),
    }


def _label(case: Case, node: Any) -> str:
    data = case.graph.nodes[node] if node in case.graph else {}
    return _text(data.get("label", node))


def summary_section(case: Case, analysis: Any) -> dict[str, Any]:
    s = analysis.summary
    figures = [
        ("Entities", f"{s.get('entities', case.graph.number_of_nodes()):,}"),
        ("Links recorded", f"{s.get('links', case.graph.number_of_edges()):,}"),
        ("Connected pairs", f"{s['pairs']:,}" if "pairs" in s else "-"),
        ("Separate groups (components)", f"{s.get('components', '-')}"),
        ("Largest group (entities)", f"{s.get('largest_component', '-')}"),
        ("Density", _num(s.get("density"))),
        ("Degree centralisation", _num(s.get("centralisation"))),
        ("Clusters", f"{s.get('clusters', len(analysis.community_sizes))}"),
        ("Modularity", _num(s.get("modularity", analysis.modularity))),
        ("Links have direction", "yes" if s.get("directed", case.directed) else "no"),
    ]
    types = entity_types()
    counts = [(types.get(t, {}).get("plural", t), n)
              for t, n in sorted(case.entity_counts().items(),
                                 key=lambda kv: (list(types).index(kv[0])
                                                 if kv[0] in types else 99, kv[0]))]
    return {"figures": figures, "types": counts,
            "notes": [_text(n) for n in getattr(analysis, "notes", [])],
            "warnings": [_text(w) for w in case.meta.get("warnings") or []]}


def _num(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "-"
        return f"{value:.{digits}f}"
    return _text(value)


def hubs_table(case: Case, analysis: Any, rows: int = HUB_ROWS) -> dict[str, Any]:
    """Top entities: ordered by their best rank over all measures, then by their mean rank."""
    from casegraph.analysis import MEASURES

    table = analysis.centrality
    measures = [m for m in MEASURES if m in table.columns and f"rank_{m}" in table.columns]
    if table.empty or not measures:
        return {"measures": [], "rows": []}
    ranks = table[[f"rank_{m}" for m in measures]]
    order = sorted(table.index, key=lambda n: (float(ranks.loc[n].min()),
                                               float(ranks.loc[n].mean()), str(n)))
    types = entity_types()
    out = []
    for node in order[:rows]:
        etype = case.graph.nodes[node].get("type", "other") if node in case.graph else "other"
        cells = [(_num(float(table.at[node, m]), 0 if m in ("degree", "weighted_degree") else 3),
                  int(table.at[node, f"rank_{m}"])) for m in measures]
        out.append({"id": str(node), "label": _label(case, node),
                    "type": types.get(etype, {}).get("label", etype),
                    "cluster": int(analysis.communities.get(node, -1)) + 1, "cells": cells})
    return {"measures": [(m, MEASURES[m]) for m in measures], "rows": out}


def clusters_table(case: Case, analysis: Any) -> dict[str, Any]:
    members: dict[int, list] = {}
    for node, community in analysis.communities.items():
        members.setdefault(int(community), []).append(node)
    table = analysis.centrality
    types = entity_types()
    rows = []
    for index in sorted(members)[:CLUSTER_ROWS]:
        nodes = members[index]
        key = "degree" if "degree" in table.columns else None
        nodes = sorted(nodes, key=lambda n: (-float(table.at[n, key]) if key else 0, str(n)))
        counts: dict[str, int] = {}
        for n in nodes:
            t = case.graph.nodes[n].get("type", "other") if n in case.graph else "other"
            counts[t] = counts.get(t, 0) + 1
        mix = ", ".join(f"{c} {types.get(t, {}).get('plural', t).lower()}"
                        for t, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        rows.append({"number": index + 1, "size": len(nodes), "mix": mix,
                     "top": [_label(case, n) for n in nodes[:CLUSTER_MEMBERS]]})
    return {"rows": rows, "more": max(0, len(members) - CLUSTER_ROWS),
            "modularity": _num(analysis.modularity)}


def _plain(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return asdict(obj)
    if isinstance(obj, Mapping):
        return dict(obj)
    if hasattr(obj, "__dict__"):
        return {k: v for k, v in vars(obj).items() if not k.startswith("_")}
    return {"verdict": str(obj)}


_TEXT_KEYS = ("explanation", "sentence", "text", "summary", "implication", "action")


_SIGNAL_WORDS = {"hub": "points to hub-and-spoke", "networked": "points to networked"}


def _verdict_shape(structure: Any) -> dict[str, Any] | None:
    """A ``StructureVerdict`` (label, explanation, numbers, signals, clusters) as report rows:
    each figure with the direction it points, and one short row per cluster."""
    names = ("label", "explanation", "numbers", "signals")
    if not all(hasattr(structure, n) for n in names) or not isinstance(structure.numbers,
                                                                         Mapping):
        return None
    numbers = []
    for key, value in structure.numbers.items():
        text = _num(value)
        signal = structure.signals.get(key)
        if signal in _SIGNAL_WORDS:
            text += f" ({_SIGNAL_WORDS[signal]})"
        numbers.append((key.replace("_", " "), text))
    clusters = []
    for number, verdict in sorted((getattr(structure, "clusters", None) or {}).items()):
        figures = verdict.numbers
        clusters.append({
            "cluster": str(int(number) + 1),
            "verdict": _text(str(verdict.label).replace("_", " ")),
            "members": _num(figures.get("members", "")),
            "centralisation": _num(figures.get("centralisation", "")),
            "density": _num(figures.get("density", "")),
            "hubs": ", ".join(str(h) for h in list(verdict.hubs)[:3]),
        })
    return {"verdict": _text(str(structure.label).replace("_", " ")),
            "texts": [_text(structure.explanation)], "numbers": numbers,
            "clusters": clusters}


def normalise_structure(structure: Any) -> dict[str, Any]:
    """Verdict, explanation lines, numbers and per-cluster verdicts from any verdict shape."""
    shaped = _verdict_shape(structure)
    if shaped is not None:
        return shaped
    data = _plain(structure)
    verdict = str(data.get("verdict") or data.get("label") or data.get("kind") or "")
    texts = [_text(data[k]) for k in _TEXT_KEYS if isinstance(data.get(k), str)]
    numbers: list[tuple[str, str]] = []
    for key, value in data.items():
        if key in ("verdict", "label", "kind") or key in _TEXT_KEYS:
            continue
        if isinstance(value, (int, float, bool)) or (isinstance(value, str) and len(value) < 80):
            numbers.append((key.replace("_", " "), _num(value)))
        elif isinstance(value, Mapping) and all(not isinstance(v, (Mapping, list, tuple))
                                                for v in value.values()):
            numbers += [(f"{k}".replace("_", " "), _num(v)) for k, v in value.items()]
        elif isinstance(value, (list, tuple)) and value and all(
                not isinstance(v, (Mapping, list, tuple)) and not is_dataclass(v)
                for v in value):
            numbers.append((key.replace("_", " "), ", ".join(_num(v) for v in value[:30])))
    clusters = []
    for item in data.get("clusters") or []:
        row = _plain(item)
        clusters.append({k.replace("_", " "): _num(v) for k, v in row.items()
                         if not isinstance(v, (Mapping, list, tuple))})
    return {"verdict": _text(verdict.replace("_", " ")), "texts": texts,
            "numbers": numbers, "clusters": clusters}


def normalise_disruption(disruption: Any) -> dict[str, Any]:
    """``{"block": k, "curves": {name: {"mean": [...], "low": [...]|None, "high": ...}}}``."""
    data = _plain(disruption) if not isinstance(disruption, Mapping) else dict(disruption)
    block = int(data.get("block", 1) or 1)
    settings = str(data.get("settings") or "")
    raw = data.get("curves", data if "curves" not in data else {})
    curves: dict[str, dict[str, Any]] = {}
    for name, value in raw.items():
        if name in ("block", "settings"):
            continue
        if isinstance(value, Mapping):
            mean = [float(v) for v in value.get("mean", value.get("curve", []))]
            low = [float(v) for v in value["low"]] if value.get("low") is not None else None
            high = [float(v) for v in value["high"]] if value.get("high") is not None else None
        else:
            mean, low, high = [float(v) for v in value], None, None
        if mean:
            half = next((i * block for i, v in enumerate(mean) if v < 0.5), None)
            curves[str(name)] = {"mean": mean, "low": low, "high": high, "below_half": half}
    return {"block": block, "settings": settings, "curves": curves}


def disruption_svg(data: Mapping[str, Any], width: int = 760, height: int = 380) -> str:
    """A line chart of removal curves: share still connected vs people removed."""
    from casegraph.picture import FONT, _n, _t, _wrap

    curves = data["curves"]
    block = data["block"]
    left, top, right, bottom = 62.0, 20.0, width - 170.0, height - 48.0
    steps = max(len(c["mean"]) for c in curves.values())
    xmax = max(1, (steps - 1) * block)

    def px(i: int) -> float:
        return left + (right - left) * (i * block) / xmax

    def py(v: float) -> float:
        return bottom - (bottom - top) * max(0.0, min(1.0, v))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="{FONT}">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>']
    for k in range(0, 11, 2):
        y = py(k / 10)
        out.append(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right)}" y2="{_n(y)}" '
                   f'stroke="#e5e7eb" stroke-width="1"/>')
        out.append(_t(left - 8, y + 4, f"{k * 10}%", 11, anchor="end", fill="#374151"))
    ticks = _ticks(xmax)
    for t in ticks:
        x = left + (right - left) * t / xmax
        out.append(f'<line x1="{_n(x)}" y1="{_n(bottom)}" x2="{_n(x)}" y2="{_n(bottom + 5)}" '
                   f'stroke="#6b7280" stroke-width="1"/>')
        out.append(_t(x, bottom + 18, str(t), 11, anchor="middle", fill="#374151"))
    out.append(f'<line x1="{_n(left)}" y1="{_n(bottom)}" x2="{_n(right)}" y2="{_n(bottom)}" '
               f'stroke="#6b7280" stroke-width="1"/>')
    out.append(f'<line x1="{_n(left)}" y1="{_n(py(0.5))}" x2="{_n(right)}" '
               f'y2="{_n(py(0.5))}" stroke="#9ca3af" stroke-width="1" stroke-dasharray="5 4"/>')
    out.append(_t((left + right) / 2, height - 10, "People removed", 12, anchor="middle",
                  fill="#111827"))
    out.append(f'<text x="14" y="{_n((top + bottom) / 2)}" font-size="12" fill="#111827" '
               f'text-anchor="middle" transform="rotate(-90 14 {_n((top + bottom) / 2)})">'
               f'Share of network still connected</text>')
    ly = top + 10
    for index, (name, curve) in enumerate(curves.items()):
        colour = CURVE_COLOURS[index % len(CURVE_COLOURS)]
        if curve["low"] and curve["high"]:
            pts = ([f"{_n(px(i))},{_n(py(v))}" for i, v in enumerate(curve["high"])]
                   + [f"{_n(px(i))},{_n(py(v))}" for i, v in reversed(
                       list(enumerate(curve["low"])))])
            out.append(f'<polygon points="{" ".join(pts)}" fill="{colour}" '
                       f'fill-opacity="0.15"/>')
        pts = " ".join(f"{_n(px(i))},{_n(py(v))}" for i, v in enumerate(curve["mean"]))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" '
                   f'stroke-width="2.2"/>')
        if curve["below_half"] is not None:
            i = curve["below_half"] // block
            out.append(f'<circle cx="{_n(px(i))}" cy="{_n(py(curve["mean"][i]))}" r="4.5" '
                       f'fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>')
        out.append(f'<line x1="{_n(right + 16)}" y1="{_n(ly - 4)}" x2="{_n(right + 40)}" '
                   f'y2="{_n(ly - 4)}" stroke="{colour}" stroke-width="2.5"/>')
        for line in _wrap(name, width - right - 50, 11)[:2]:  # a long name on two lines
            out.append(_t(right + 46, ly, line, 11, fill="#111827"))
            ly += 14
        ly += 6
    out.append(_t(right + 16, ly + 8, "dot: below half", 10, fill="#6b7280"))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _ticks(xmax: int) -> list[int]:
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        step = candidate
        if xmax / candidate <= 10:
            break
    return list(range(0, xmax + 1, step))


def provenance_groups(case: Case) -> list[dict[str, Any]]:
    """Every node and link under each source it came from (file, or provider + query)."""
    groups: dict[tuple, dict[str, Any]] = {}

    def group(stamp: Mapping[str, Any] | None) -> dict[str, Any]:
        if stamp is None:
            key: tuple = ("", "No recorded source", "", "", "")
        else:
            key = (str(stamp.get("kind", "")), source_name(stamp), str(stamp.get("format", "")),
                   str(stamp.get("provider", "")), str(stamp.get("query", "")))
        if key not in groups:
            groups[key] = {"kind": key[0], "source": key[1], "format": key[2],
                           "provider": key[3], "query": key[4], "first": "", "last": "",
                           "confidence": [], "nodes": [], "links": []}
        g = groups[key]
        if stamp is not None:
            at = str(stamp.get("at", ""))
            if at:
                g["first"] = min(g["first"] or at, at)
                g["last"] = max(g["last"], at)
            if stamp.get("confidence") is not None:
                g["confidence"].append(float(stamp["confidence"]))
        return g

    def where(stamp: Mapping[str, Any] | None) -> str:
        if not stamp:
            return ""
        for name in ("row", "record", "line"):
            if stamp.get(name) is not None:
                return f"{name} {stamp[name]}"
        return ""

    for node, data in case.graph.nodes(data=True):
        for stamp in data.get("provenance") or [None]:
            group(stamp)["nodes"].append((_label(case, node), where(stamp)))
    for u, v, data in case.graph.edges(data=True):
        text = f"{_label(case, u)} → {_label(case, v)} ({data.get('type', 'link')})"
        for stamp in data.get("provenance") or [None]:
            group(stamp)["links"].append((text, where(stamp)))
    out = []
    for g in groups.values():
        conf = g.pop("confidence")
        g["confidence"] = (f"{min(conf):.2f}–{max(conf):.2f}" if conf and min(conf) != max(conf)
                           else (f"{conf[0]:.2f}" if conf else ""))
        out.append(g)
    return out


def audit_extract(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    kept = list(rows)[-AUDIT_ROWS:]
    out = []
    for r in kept:
        query = " ".join(x for x in (str(r.get("query_type", "")),
                                     str(r.get("query_value", ""))) if x)
        out.append({"id": str(r.get("id", "")), "at": str(r.get("at", "")),
                    "user": _text(r.get("user", "")),
                    "purpose": _text(r.get("purpose", "")),
                    "provider": str(r.get("provider", "")), "query": _text(query),
                    "status": str(r.get("status", "")),
                    "results": str(r.get("result_count", "")),
                    "hash": str(r.get("row_hash", ""))[:16]})
    return {"rows": out, "left_out": max(0, len(rows) - len(kept))}


@lru_cache(maxsize=1)
def report_css() -> str:
    return (Path(__file__).with_name("templates") / "report.css").read_text(encoding="utf-8")


NO_LOOKUPS = "No lookups were made for this case."


# -- HTML -------------------------------------------------------------------------------------
def _work_html(work: Mapping[str, Any]) -> str:
    """The analyst's work: tags, notes, recommended targets, a what-if."""
    e = _escape
    parts = ['<section id="work"><h2>The analyst\'s work</h2>']
    if work["tags"]:
        parts.append("<h3>Tags</h3>")
        parts.append(_rows([(t["label"], len(t["entities"]), "; ".join(t["entities"]))
                            for t in work["tags"]], ("Tag", "Entities", "Who")))
    if work["notes"]:
        parts.append("<h3>Notes</h3>")
        parts.append(_rows([(n["entity"], n["tag"], n["note"]) for n in work["notes"]],
                           ("Entity", "Tag", "Note")))
    if work["targets"]:
        parts.append("<h3>Recommended targets</h3>")
        parts.append('<p class="note">Picked one after another so that each arrest breaks '
                     "the network most (greedy key players, as on the Disruption tab).</p>")
        parts.append(_rows([(t["rank"], t["entity"], f"{t['gain']:.3f}",
                             f"{100 * t['lcc_share']:.0f}%") for t in work["targets"]],
                           ("#", "Entity", "Gain in fragmentation",
                            "Largest group left")))
    w = work["what_if"]
    if w:
        parts.append("<h3>What if these are arrested</h3>")
        parts.append(f"<p>{e(what_if_sentence(w))}</p>")
    if len(parts) == 1:
        parts.append('<p class="note">No tags, notes or what-if on this case.</p>')
    parts.append("</section>")
    return "\n".join(parts)


def what_if_sentence(w: Mapping[str, Any]) -> str:
    """The what-if in one sentence.

    >>> what_if_sentence({"removed": ["Ash"], "groups": 2, "largest": 3, "lcc_share": 0.5,
    ...                   "isolated": []}).startswith("Arresting Ash leaves 2 separate groups")
    True
    """
    who = ", ".join(w["removed"])
    text = (f"Arresting {who} leaves {w['groups']} separate group"
            f"{'s' if w['groups'] != 1 else ''} of two or more; the largest has "
            f"{w['largest']} member{'s' if w['largest'] != 1 else ''} "
            f"({100 * w['lcc_share']:.0f}% of the network as it was).")
    if w["isolated"]:
        text += f" Left without contacts: {', '.join(w['isolated'])}."
    return text
def _rows(cells: Sequence[Sequence[Any]], head: Sequence[str]) -> str:
    out = ["<table><thead><tr>" + "".join(f"<th>{_escape(h)}</th>" for h in head)
           + "</tr></thead><tbody>"]
    for row in cells:
        out.append("<tr>" + "".join(c if isinstance(c, _Raw) else f"<td>{_escape(c)}</td>"
                                    for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


class _Raw(str):
    """An already formatted table cell."""


def _svg_inline(svg: str) -> str:
    # the XML prolog-free SVG text can be inlined in HTML as it is
    return svg.strip()


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG, nothing external)."""
    s = report.sections
    t = s["title"]
    e = _escape
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(t['case_number'])} — {e(t['name'])} — case-file report</title>",
        f"<style>{report_css()}</style></head><body>",
        f'<div class="marking">{e(t["classification"])}</div>',
        '<header class="title" id="title">',
        f"<h1>{e(t['name'])}</h1>",
        '<dl class="facts">',
        f"<dt>Case number</dt><dd>{e(t['case_number'])}</dd>",
        f"<dt>Classification</dt><dd>{e(t['classification'])}</dd>",
        f"<dt>Analyst</dt><dd>{e(t['analyst'])}</dd>",
        f"<dt>Generated</dt><dd>{e(t['generated_at'])}</dd>",
        f"<dt>Data sources</dt><dd>{e(', '.join(t['sources']) or '(none recorded)')}</dd>",
        f'<dt>Case data SHA-256</dt><dd><code class="digest">{e(t["digest"])}</code></dd>',
        "</dl>",
    ]
    if t["description"]:
        parts.append(f"<p>{e(t['description'])}</p>")
    if t["attribution"]:
        parts.append(f'<p class="note">Source of the data: {e(t["attribution"])}</p>')
    parts.append("</header>")

    summary = s["summary"]
    parts.append('<section id="summary"><h2>Summary</h2>')
    parts.append(_rows([(k, _Raw(f'<td class="num">{e(v)}</td>')) for k, v in
                        summary["figures"]], ("Figure", "Value")))
    parts.append("<p>Entities by type: " + e(", ".join(f"{name} {n}" for name, n in
                                                     summary["types"])) + "</p>")
    for note in summary["notes"] + summary["warnings"]:
        parts.append(f'<p class="note">{e(note)}</p>')
    parts.append("</section>")

    parts.append('<section id="diagram"><h2>Diagram</h2>')
    parts.append(f'<div class="figure">{_svg_inline(report.picture)}</div></section>')

    hubs = s["hubs"]
    parts.append('<section id="hubs"><h2>Hubs</h2>')
    parts.append(f'<p class="note">The {len(hubs["rows"])} most central entities, ordered by '
                 "their best rank over the measures below (rank in brackets, 1 = most "
                 "central).</p>")
    head = ["#", "Entity", "Type", "Cluster"] + [m for m, _ in hubs["measures"]]
    rows = []
    for i, row in enumerate(hubs["rows"], 1):
        rows.append([str(i), row["label"], row["type"], str(row["cluster"])]
                    + [_Raw(f'<td class="num">{e(v)} <small>({r})</small></td>')
                       for v, r in row["cells"]])
    parts.append(_rows(rows, [h.replace("_", " ") for h in head]))
    parts.append('<p class="note">' + "; ".join(f"<b>{e(m.replace('_', ' '))}</b>: {e(label)}"
                                                for m, label in hubs["measures"]) + "</p>")
    parts.append("</section>")

    clusters = s["clusters"]
    parts.append('<section id="clusters"><h2>Clusters</h2>')
    parts.append(f'<p class="note">Louvain clusters, largest first; modularity '
                 f'{e(clusters["modularity"])}. Members listed by number of contacts.</p>')
    parts.append(_rows([(str(c["number"]), _Raw(f'<td class="num">{c["size"]}</td>'),
                         c["mix"], ", ".join(c["top"])) for c in clusters["rows"]],
                       ("Cluster", "Size", "Made of", "Most connected members")))
    if clusters["more"]:
        parts.append(f'<p class="note">{clusters["more"]} smaller clusters not listed.</p>')
    parts.append("</section>")

    if s["structure"] is not None:
        st = s["structure"]
        parts.append('<section id="structure"><h2>Structure verdict</h2>')
        parts.append(f'<p class="verdict">{e(st["verdict"].capitalize())}</p>')
        parts += [f"<p>{e(x)}</p>" for x in st["texts"]]
        if st["numbers"]:
            parts.append(_rows([(k, _Raw(f'<td class="num">{e(v)}</td>'))
                                for k, v in st["numbers"]], ("Measure", "Value")))
        if st["clusters"]:
            keys = list(dict.fromkeys(k for c in st["clusters"] for k in c))
            parts.append("<h3>By cluster</h3>")
            parts.append(_rows([[c.get(k, "") for k in keys] for c in st["clusters"]], keys))
        parts.append("</section>")

    if s["disruption"] is not None and report.chart:
        d = s["disruption"]
        parts.append('<section id="disruption"><h2>Disruption (removal curves)</h2>')
        parts.append('<p class="note">Share of the network still connected (largest group, '
                     "relative to its starting size) as people are removed by each strategy"
                     + (f", {d['block']} at a time" if d["block"] > 1 else ", one at a time")
                     + ".</p>")
        if d.get("settings"):
            parts.append(f'<p class="note">Computed as on the Disruption tab: '
                         f'{e(d["settings"])}.</p>')
        parts.append(f'<div class="figure">{_svg_inline(report.chart)}</div>')
        parts.append(_rows([(name, _Raw('<td class="num">' + e(
            c["below_half"] if c["below_half"] is not None else "not reached") + "</td>"))
                            for name, c in d["curves"].items()],
                           ("Strategy", "People removed until below half")))
        parts.append("</section>")

    parts.append(_work_html(s["work"]))

    parts.append('<section id="provenance" class="prov"><h2>Appendix A: provenance</h2>')
    parts.append('<p class="note">Every entity and link under each source it came from.</p>')
    for g in s["provenance"]:
        parts.append(f"<h3>{e(g['source'])}</h3>")
        facts = [(k, g[k]) for k in ("kind", "format", "provider", "query", "confidence")
                 if g[k]]
        if g["first"]:
            facts.append(("read", g["first"] if g["first"] == g["last"]
                          else f"{g['first']} to {g['last']}"))
        parts.append('<p class="note">' + e("; ".join(f"{k}: {v}" for k, v in facts)) + "</p>")
        for what, items in (("Entities", g["nodes"]), ("Links", g["links"])):
            if items:
                parts.append(f"<p><b>{what} ({len(items)}):</b> " + e("; ".join(
                    f"{label} ({where})" if where else label for label, where in items))
                             + "</p>")
    parts.append("</section>")

    a = s["audit"]
    if not a or not a["rows"]:
        parts.append('<section id="audit"><h2>Appendix B: audit-log extract</h2>'
                     f"<p>{e(NO_LOOKUPS)}</p></section>")
    else:
        parts.append('<section id="audit"><h2>Appendix B: audit-log extract</h2>')
        if a["left_out"]:
            parts.append(f'<p class="note">Earliest {a["left_out"]} rows left out.</p>')
        parts.append(_rows([(r["id"], r["at"], r["user"], r["purpose"], r["provider"],
                             r["query"], r["status"], r["results"], r["hash"])
                            for r in a["rows"]],
                           ("#", "At (UTC)", "User", "Purpose", "Provider", "Query", "Status",
                            "Results", "Row hash")))
        parts.append("</section>")

    parts.append(f'<footer>Case data SHA-256 <code class="digest">{e(t["digest"])}</code>. '
                 f"Generated by casegraph at {e(t['generated_at'])}.</footer>")
    parts.append(f'<div class="marking">{e(t["classification"])}</div></body></html>')
    return "\n".join(parts) + "\n"


# -- PDF --------------------------------------------------------------------------------------
_FONT_FILES = {
    "regular": ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    "bold": ("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
             "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),
}


@lru_cache(maxsize=1)
def pdf_fonts() -> tuple[str, str]:
    """Regular and bold font names for the PDF: Liberation Sans (embedded, wide Unicode
    coverage, Helvetica's metrics) when installed, else the built-in Helvetica."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from svglib.fonts import register_font

    found = {k: next((p for p in paths if Path(p).is_file()), None)
             for k, paths in _FONT_FILES.items()}
    if found["regular"] and found["bold"]:
        pdfmetrics.registerFont(TTFont("CGSans", found["regular"]))
        pdfmetrics.registerFont(TTFont("CGSans-Bold", found["bold"]))
        pdfmetrics.registerFontFamily("CGSans", normal="CGSans", bold="CGSans-Bold",
                                      italic="CGSans", boldItalic="CGSans-Bold")
        names = ("CGSans", "CGSans-Bold")
    else:
        names = ("Helvetica", "Helvetica-Bold")
    register_font("CGSans", rlgFontName=names[0])
    register_font("CGSans", weight="bold", rlgFontName=names[1])
    return names


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes: A4, the diagram on a landscape page, marking on every page."""
    with _data_images():  # paragraphs read their emoji images as they are made
        return _render_pdf(report)


def _render_pdf(report: Report) -> bytes:
    _StampedDoc = _stamped_doc_class()
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        CondPageBreak,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    regular, bold = pdf_fonts()
    s = report.sections
    t = s["title"]
    e = _pdf_text
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10,
                           textColor=colors.HexColor("#374151"))
    tiny = ParagraphStyle("tiny", parent=body, fontSize=7.2, leading=9)
    h1 = ParagraphStyle("h1", parent=body, fontName=bold, fontSize=18, leading=22,
                        spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=body, fontName=bold, fontSize=13, leading=16,
                        spaceBefore=12, spaceAfter=5, textColor=colors.HexColor("#1f2937"))
    h3 = ParagraphStyle("h3", parent=body, fontName=bold, fontSize=10, leading=13,
                        spaceBefore=6, spaceAfter=2)
    verdict = ParagraphStyle("verdict", parent=body, fontName=bold, fontSize=12, leading=15)

    def table(rows: list[list[Any]], widths: list[float] | None = None, head: bool = True,
              numeric: Sequence[int] = (), style: ParagraphStyle = small) -> Table:
        cells = [[c if not isinstance(c, str) else Paragraph(e(c), style) for c in row]
                 for row in rows]
        tbl = Table(cells, colWidths=widths, repeatRows=1 if head else 0, hAlign="LEFT")
        commands = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#cbd5e1")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
        if head:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f5f9")))
        tbl.setStyle(TableStyle(commands))
        return tbl

    page_w, page_h = A4
    margin = 16 * mm
    story: list[Any] = []
    story.append(Paragraph(e(t["name"]), h1))
    facts = [["Case number", t["case_number"]], ["Classification", t["classification"]],
             ["Analyst", t["analyst"]], ["Generated", t["generated_at"]],
             ["Data sources", ", ".join(t["sources"]) or "(none recorded)"],
             ["Case data SHA-256", t["digest"]]]
    story.append(table(facts, [38 * mm, page_w - 2 * margin - 38 * mm], head=False,
                       style=body))
    if t["description"]:
        story += [Spacer(1, 6), Paragraph(e(t["description"]), body)]
    if t["attribution"]:
        story += [Spacer(1, 4), Paragraph("Source of the data: " + e(t["attribution"]), small)]

    summary = s["summary"]
    story.append(Paragraph("Summary", h2))
    story.append(table([["Figure", "Value"]] + [list(r) for r in summary["figures"]],
                       [70 * mm, 40 * mm]))
    story.append(Spacer(1, 4))
    story.append(Paragraph("Entities by type: " + e(", ".join(
        f"{name} {n}" for name, n in summary["types"])), body))
    for note in summary["notes"] + summary["warnings"]:
        story.append(Paragraph(e(note), small))

    hubs = s["hubs"]
    story.append(Paragraph("Hubs", h2))
    story.append(Paragraph(f"The {len(hubs['rows'])} most central entities, ordered by their "
                           "best rank over the measures (rank in brackets, 1 = most central).",
                           small))
    head = ["#", "Entity", "Type", "Cl."] + [m.replace("_", " ") for m, _ in hubs["measures"]]
    rows: list[list[Any]] = [head]
    for i, row in enumerate(hubs["rows"], 1):
        rows.append([str(i), row["label"], row["type"], str(row["cluster"])]
                    + [f"{v} ({r})" for v, r in row["cells"]])
    free = page_w - 2 * margin - (8 + 40 + 24 + 9) * mm
    widths = [8 * mm, 40 * mm, 24 * mm, 9 * mm] + [free / max(1, len(hubs["measures"]))] * len(
        hubs["measures"])
    story.append(table(rows, widths, style=tiny))
    story.append(Paragraph("; ".join(f"<b>{e(m.replace('_', ' '))}</b>: {e(label)}"
                                     for m, label in hubs["measures"]), small))

    clusters = s["clusters"]
    story.append(Paragraph("Clusters", h2))
    story.append(Paragraph(f"Louvain clusters, largest first; modularity "
                           f"{e(clusters['modularity'])}. Members listed by number of "
                           "contacts.", small))
    rows = [["Cluster", "Size", "Made of", "Most connected members"]]
    rows += [[str(c["number"]), str(c["size"]), c["mix"], ", ".join(c["top"])]
             for c in clusters["rows"]]
    story.append(table(rows, [16 * mm, 14 * mm, 55 * mm, page_w - 2 * margin - 85 * mm]))
    if clusters["more"]:
        story.append(Paragraph(f"{clusters['more']} smaller clusters not listed.", small))

    if s["structure"] is not None:
        st = s["structure"]
        story.append(Paragraph("Structure verdict", h2))
        story.append(Paragraph(e(st["verdict"].capitalize()), verdict))
        story += [Paragraph(e(x), body) for x in st["texts"]]
        if st["numbers"]:
            story.append(Spacer(1, 4))
            story.append(table([["Measure", "Value"]] + [list(r) for r in st["numbers"]],
                               [70 * mm, 60 * mm]))
        if st["clusters"]:
            keys = list(dict.fromkeys(k for c in st["clusters"] for k in c))
            story.append(Paragraph("By cluster", h3))
            story.append(table([keys] + [[c.get(k, "") for k in keys] for c in st["clusters"]]))

    if s["disruption"] is not None and report.chart:
        d = s["disruption"]
        story.append(CondPageBreak(110 * mm))
        story.append(Paragraph("Disruption (removal curves)", h2))
        story.append(Paragraph("Share of the network still connected (largest group, relative "
                               "to its starting size) as people are removed by each strategy"
                               + (f", {d['block']} at a time." if d["block"] > 1
                                  else ", one at a time."), small))
        if d.get("settings"):
            story.append(Paragraph(e(f"Computed as on the Disruption tab: {d['settings']}."),
                                   small))
        story.append(_svg_flowable(report.chart, page_w - 2 * margin))
        story.append(table([["Strategy", "People removed until below half"]]
                           + [[name, str(c["below_half"]) if c["below_half"] is not None
                               else "not reached"] for name, c in d["curves"].items()],
                           [60 * mm, 60 * mm]))

    work = s["work"]
    story.append(Paragraph("The analyst's work", h2))
    if work["tags"]:
        story.append(Paragraph("Tags", h3))
        story.append(table([["Tag", "Entities", "Who"]] + [
            [w["label"], str(len(w["entities"])), "; ".join(w["entities"])]
            for w in work["tags"]], [30 * mm, 18 * mm, page_w - 2 * margin - 48 * mm]))
    if work["notes"]:
        story.append(Paragraph("Notes", h3))
        story.append(table([["Entity", "Tag", "Note"]] + [
            [n["entity"], n["tag"], n["note"]] for n in work["notes"]],
            [40 * mm, 25 * mm, page_w - 2 * margin - 65 * mm]))
    if work["targets"]:
        story.append(Paragraph("Recommended targets", h3))
        story.append(Paragraph("Picked one after another so that each arrest breaks the "
                               "network most (greedy key players, as on the Disruption tab).",
                               small))
        story.append(table([["#", "Entity", "Gain in fragmentation", "Largest group left"]] + [
            [str(w["rank"]), w["entity"], f"{w['gain']:.3f}", f"{100 * w['lcc_share']:.0f}%"]
            for w in work["targets"]], [10 * mm, 60 * mm, 40 * mm, 35 * mm]))
    if work["what_if"]:
        story.append(Paragraph("What if these are arrested", h3))
        story.append(Paragraph(e(what_if_sentence(work["what_if"])), body))
    if not (work["tags"] or work["notes"] or work["targets"] or work["what_if"]):
        story.append(Paragraph("No tags, notes or what-if on this case.", small))

    # the diagram on a landscape page of its own
    land_w, land_h = landscape(A4)
    story.append(NextPageTemplate("landscape"))
    story.append(PageBreak())
    story.append(Paragraph("Diagram", h2))
    story.append(_svg_flowable(report.picture, land_w - 2 * margin,
                               land_h - 2 * margin - 12 * mm))
    story.append(NextPageTemplate("portrait"))
    story.append(PageBreak())

    story.append(Paragraph("Appendix A: provenance", h2))
    story.append(Paragraph("Every entity and link under each source it came from.", small))
    for g in s["provenance"]:
        story.append(Paragraph(e(g["source"]), h3))
        facts_g = [(k, g[k]) for k in ("kind", "format", "provider", "query", "confidence")
                   if g[k]]
        if g["first"]:
            facts_g.append(("read", g["first"] if g["first"] == g["last"]
                            else f"{g['first']} to {g['last']}"))
        story.append(Paragraph(e("; ".join(f"{k}: {v}" for k, v in facts_g)), small))
        for what, items in (("Entities", g["nodes"]), ("Links", g["links"])):
            texts = [f"{label} ({where})" if where else label for label, where in items]
            for start in range(0, len(texts), 150):  # short paragraphs split across pages
                lead = f"<b>{what} ({len(texts)}):</b> " if start == 0 else ""
                story.append(Paragraph(lead + e("; ".join(texts[start:start + 150])), tiny))

    a = s["audit"]
    story.append(Paragraph("Appendix B: audit-log extract", h2))
    if not a or not a["rows"]:
        story.append(Paragraph(NO_LOOKUPS, body))
    else:
        if a["left_out"]:
            story.append(Paragraph(f"Earliest {a['left_out']} rows left out.", small))
        rows = [["#", "At (UTC)", "User", "Purpose", "Provider", "Query", "Status", "Results",
                 "Row hash"]]
        rows += [[r["id"], r["at"], r["user"], r["purpose"], r["provider"], r["query"],
                  r["status"], r["results"], r["hash"]] for r in a["rows"]]
        story.append(table(rows, [8 * mm, 30 * mm, 18 * mm, 26 * mm, 16 * mm, 30 * mm,
                                  15 * mm, 12 * mm, 23 * mm], style=tiny))

    def decorate(canvas: Any, doc: Any) -> None:
        w, h = canvas._pagesize
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#1f2937"))
        canvas.rect(0, h - 9 * mm, w, 9 * mm, stroke=0, fill=1)
        canvas.rect(0, 0, w, 9 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(bold, 10)
        canvas.drawCentredString(w / 2, h - 6 * mm, t["classification"])
        canvas.drawCentredString(w / 2, 3.3 * mm, t["classification"])
        canvas.setFont(regular, 7.5)
        canvas.drawString(margin, h - 6 * mm, f"Case {t['case_number']}")
        canvas.drawRightString(w - margin, h - 6 * mm, f"Generated {t['generated_at']}")
        canvas.drawString(margin, 3.3 * mm, f"SHA-256 {t['digest'][:16]}…")
        canvas.drawRightString(w - margin, 3.3 * mm, f"Page {doc.page}")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = _StampedDoc(buf, pagesize=A4, leftMargin=margin, rightMargin=margin,
                          topMargin=margin, bottomMargin=margin, invariant=1,
                          title=f"{t['case_number']} — {t['name']}", author=t["analyst"],
                          subject=f"Case-file report; case data SHA-256 {t['digest']}",
                          creator="casegraph", producer="casegraph")
    portrait_frame = Frame(margin, margin, page_w - 2 * margin, page_h - 2 * margin,
                           id="portrait")
    land_frame = Frame(margin, margin, land_w - 2 * margin, land_h - 2 * margin,
                       id="landscape")
    doc.addPageTemplates([
        PageTemplate(id="portrait", frames=[portrait_frame], onPage=decorate, pagesize=A4),
        PageTemplate(id="landscape", frames=[land_frame], onPage=decorate,
                     pagesize=(land_w, land_h)),
    ])
    doc.stamp = t["generated_at"]
    doc.build(story)
    return buf.getvalue()


def _svg_flowable(svg: str, width: float, height: float | None = None):
    """One of our SVGs as a vector ReportLab drawing, fitted into ``width`` x ``height`` pt."""
    from svglib.svglib import svg2rlg

    regular, _ = pdf_fonts()
    # our SVGs name one font family; point it at the font registered for the PDF
    from casegraph.picture import FONT

    text = svg.replace(f'font-family="{FONT}"', 'font-family="CGSans"')
    drawing = svg2rlg(io.BytesIO(text.encode("utf-8")))
    k = width / drawing.width
    if height is not None:
        k = min(k, height / drawing.height)
    drawing.width, drawing.height = drawing.width * k, drawing.height * k
    drawing.scale(k, k)
    drawing.hAlign = "CENTER"
    return drawing


def _escape(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _pdf_text(text: Any) -> str:
    """Escaped text for a ReportLab paragraph, each emoji as a small inline image (see
    :mod:`casegraph.emoji`; its name in brackets where no emoji font is installed)."""
    from casegraph import emoji

    out = []
    for run, is_emoji in emoji.split_emoji(str(text)):
        uri = emoji.data_uri(run) if is_emoji else None
        if uri is not None:
            out.append(f'<img src="{uri}" width="9" height="9" valign="-1.5"/>')
        else:
            out.append(html.escape(emoji.spelled(run) if is_emoji else run, quote=True))
    return "".join(out)


_RL_CONFIG = threading.Lock()


class _DataImages:
    """ReportLab reads ``data:`` image URIs only when a trusted host is configured; the
    report's images are all its own, made in memory. ReportLab's settings are global, so
    one PDF at a time changes them."""

    def __enter__(self) -> None:
        from reportlab import rl_config

        _RL_CONFIG.acquire()
        self.before = rl_config.trustedHosts
        rl_config.trustedHosts = self.before or ["localhost"]

    def __exit__(self, *exc: Any) -> None:
        from reportlab import rl_config

        rl_config.trustedHosts = self.before
        _RL_CONFIG.release()


_data_images = _DataImages


def _stamp_epoch(at: str) -> float:
    from datetime import datetime, timezone

    try:
        when = datetime.fromisoformat(str(at).replace("Z", "+00:00"))
    except ValueError:
        return 946684800.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


def _stamped_doc_class():
    """A document template whose PDF creation and change dates are the report's own time
    (``generated_at``), with ReportLab's invariant mode kept for everything else, so the
    same report gives the same bytes."""
    import time

    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import BaseDocTemplate

    class StampedDoc(BaseDocTemplate):
        stamp = ""

        def build(self, flowables, **kw):  # noqa: ANN001 - ReportLab's own signature
            epoch = _stamp_epoch(self.stamp)

            def canvas(*args, **kwargs):
                made = Canvas(*args, **kwargs)
                ts = made._doc._timeStamp
                ts.t, ts.lt = epoch, time.gmtime(epoch)
                ts.YMDhms, ts.dhh, ts.dmm, ts.tzname = tuple(ts.lt)[:6], 0, 0, "UTC"
                return made

            return super().build(flowables, canvasmaker=canvas, **kw)

    return StampedDoc
