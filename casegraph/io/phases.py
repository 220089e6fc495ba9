"""Several files as the numbered phases of one case (e.g. the wiretap phases of CAVIAR)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..model import Case, now_iso
from .errors import LoadError
from .registry import load
from .source import Source

_SKIP = {"type", "label", "key", "provenance"}


def _name_of(source: Any, index: int) -> str:
    if isinstance(source, tuple):
        return str(source[0])
    if isinstance(source, (str, Path)):
        return Path(source).name
    return str(getattr(source, "name", "") or f"phase {index + 1}")


def load_phases(sources: Iterable[Source | tuple[str, bytes]], phase_attr: str = "phase", *,
                name: str | None = None, **options: Any) -> Case:
    """Load several files as the phases of one case; every link carries its phase number.

    The number is the last run of digits in each file name (``phase7.csv`` is phase 7);
    when names have no digits, or two share a number, the order given is used (1, 2, ...).
    Nodes with the same id (or identity key) in several files are one entity. An upload is
    passed as ``(filename, bytes)``. Other options go to :func:`casegraph.io.load`.

    Examples
    --------
    >>> from pathlib import Path
    >>> files = sorted(Path("data/caviar").glob("phase*.csv"))
    >>> case = load_phases(files, name="CAVIAR")                      # doctest: +SKIP
    >>> sorted({d["phase"] for *_, d in case.graph.edges(data=True)})  # doctest: +SKIP
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    """
    items = list(sources)
    if not items:
        raise LoadError("no files given: expected one file per phase")
    names = [_name_of(s, i) for i, s in enumerate(items)]
    digits = [re.findall(r"\d+", Path(n).stem) for n in names]
    numbers = [int(d[-1]) if d else None for d in digits]
    if None in numbers or len(set(numbers)) != len(numbers):
        numbers = list(range(1, len(items) + 1))

    def read(index: int, **extra: Any) -> Case:
        item = items[index]
        if isinstance(item, tuple):
            return load(item[1], filename=names[index], **{**options, **extra})
        return load(item, **{**options, **extra})

    parts = [read(i) for i in range(len(items))]
    directed = any(p.directed for p in parts)
    if directed and "directed" not in options:
        # A symmetric phase read as undirected would lose a direction once merged.
        parts = [p if p.directed else read(i, directed=True) for i, p in enumerate(parts)]
    stems = {re.sub(r"[\d_\-\s]+$", "", Path(n).stem) for n in names}
    case = Case(name=name or (stems.pop() if len(stems) == 1 and "" not in stems else "Phases"),
                directed=directed)
    warnings: list[str] = []
    report: list[dict[str, Any]] = []
    ordered = sorted(zip(numbers, parts, names, strict=True), key=lambda t: t[0])
    counter = iter(range(1, 1 << 62))
    for number, part, file_name in ordered:
        _merge(case, part, {phase_attr: number}, counter)
        warnings.extend(f"{file_name}: {w}" for w in part.meta.get("warnings", []))
        report.extend(dict(e, message=f"{file_name}: {e['message']}")
                      for e in part.meta.get("load_report", []))
    case.meta.update({
        "source": names, "format": sorted({p.meta.get("format") for p in parts}),
        "phases": sorted(numbers), "phase_attr": phase_attr, "loaded_at": now_iso(),
        "warnings": warnings, "load_report": report,
    })
    return case


def _merge(case: Case, part: Case, edge_attrs: dict[str, Any], keys: Iterator[int]) -> None:
    ids: dict[str, str] = {}
    for node, data in part.graph.nodes(data=True):
        props = {k: v for k, v in data.items() if k not in _SKIP}
        new = case.add_entity(node, data.get("type", "other"), data.get("label"), **props)
        if data.get("provenance"):
            case.graph.nodes[new].setdefault("provenance", []).extend(data["provenance"])
        ids[node] = new
    for u, v, data in part.graph.edges(data=True):
        attrs = {k: val for k, val in data.items() if k not in ("type", "weight", "provenance")}
        attrs.update(edge_attrs)
        # Keys from one counter: each phase has its own e1, e2, ...
        key = case.add_link(ids[u], ids[v], data.get("type"), data.get("weight", 1.0),
                            key=f"e{next(keys)}", **attrs)
        if data.get("provenance"):
            case.graph.edges[ids[u], ids[v], key]["provenance"] = list(data["provenance"])
