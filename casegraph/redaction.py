"""Redaction for wider audiences: a copy of a case with the people in it masked.

A redacted case keeps the shape of the network (who is linked to whom, types, weights,
times, positions, clusters) and masks what identifies someone: names become initials and an
entity number (``A.F. · E3``), phone numbers keep only the last digits an admin configures
(``phone …001 · E4``), emails, addresses, accounts, posts, records and vehicles become their
type and number. Node ids are replaced by the entity numbers too (an id is often a phone
number or a handle), every other attribute is dropped, and provenance keeps only where the
data came from. Pictures, reports and CSV/JSON exports are then made from the redacted case.

    >>> from casegraph.model import Case
    >>> case = Case(name="Op Demo")
    >>> _ = case.add_entity("ash", "person", "Ash Fictional")
    >>> phone = case.add_entity(None, "phone", "07700 900001")
    >>> _ = case.add_link("ash", phone, "uses")
    >>> out = redact_case(case, RedactionProfile("redacted", keep_digits=3))
    >>> sorted(label for _, label in out.case.graph.nodes(data="label"))
    ['A.F. · E1', 'phone …001 · E2']
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from casegraph.model import Case

FULL, REDACTED = "full", "redacted"
PROFILES = (REDACTED, FULL)
KEEP_DIGITS_SETTING = "redaction_keep_digits"
# node attributes a redacted case keeps (besides the masked label)
NODE_KEEP = frozenset({"type", "tag", "community", "phase"})
LINK_KEEP = frozenset({"type", "weight", "time", "start", "end", "phase", "directed"})
STAMP_KEEP = frozenset({"kind", "provider", "source", "format", "at", "confidence"})
META_KEEP = frozenset({"case_number", "description", "attribution", "source", "sample",
                       "classification", "phases"})
TYPE_WORDS = {"phone": "phone", "email": "email", "address": "address", "account": "account",
              "post": "post", "record": "record", "vehicle": "vehicle"}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_DIGIT_RUN = re.compile(r"\+?\d[\d ()./-]{5,}\d")


@dataclass(frozen=True)
class RedactionProfile:
    """``name``: "redacted" or "full" (nothing masked); ``keep_digits``: how many trailing
    digits of a phone number stay readable (an admin's setting)."""

    name: str = REDACTED
    keep_digits: int = 0

    @property
    def active(self) -> bool:
        return self.name != FULL

    def describe(self) -> str:
        if not self.active:
            return "not redacted"
        kept = f", last {self.keep_digits} digits of phone numbers kept" if self.keep_digits \
            else ""
        return f"redacted (names as initials, identifiers masked{kept})"


@dataclass
class Redacted:
    """A redacted case and the map from original node ids to entity numbers."""

    case: Case
    ids: dict[str, str]

    def node(self, node: Any) -> str:
        return self.ids.get(str(node), "E?")

    def nodes(self, nodes: Iterable[Any]) -> list[str]:
        return [self.ids[str(n)] for n in nodes if str(n) in self.ids]

    def analysis(self, analysis: Any) -> Any:
        """The analysis with node ids replaced (centrality index, cluster map)."""
        if analysis is None:
            return None
        table = analysis.centrality.rename(index=lambda n: self.ids.get(str(n), str(n)))
        communities = {self.ids.get(str(n), str(n)): c
                       for n, c in analysis.communities.items()}
        changes: dict[str, Any] = {"centrality": table, "communities": communities,
                                   # the projection names the real ids: work from the
                                   # redacted graph instead
                                   "projection": None}
        if getattr(analysis, "verdict", None) is not None:
            # its sentences name people: judged again on the redacted graph (same figures,
            # masked names)
            from casegraph.analysis.structure import structure_verdict

            changes["verdict"] = structure_verdict(self.case.graph)
        clusters = getattr(analysis, "clusters", None)
        if clusters is not None and "top" in clusters:
            clusters = clusters.copy()
            clusters["top"] = [self.ids.get(str(n), n) for n in clusters["top"]]
            changes["clusters"] = clusters
        return dataclasses.replace(analysis, **changes)


    def view(self, view: Any) -> Any:
        """A :class:`casegraph.picture.View` with its node lists mapped."""
        changes: dict[str, Any] = {"hubs": tuple(self.nodes(view.hubs))}
        if view.only is not None:
            changes["only"] = tuple(self.nodes(view.only))
        return dataclasses.replace(view, **changes)


def initials(text: str) -> str:
    """``"Ash de Fictional"`` -> ``"A.D.F."``; ``""`` -> ``"?"``."""
    letters = [w[0].upper() for w in re.findall(r"[^\W\d_]+", str(text))]
    return ".".join(letters[:4]) + "." if letters else "?"


def mask_digits(text: str, keep: int) -> str:
    """The last ``keep`` digits of ``text`` after an ellipsis (nothing when ``keep`` is 0)."""
    digits = re.sub(r"\D", "", str(text))
    return "…" + digits[-keep:] if keep > 0 and digits else ""


def mask_label(entity_type: str, label: str, number: str, keep_digits: int = 0) -> str:
    word = TYPE_WORDS.get(entity_type)
    if word is None:  # people, organisations, other: initials
        return f"{initials(label)} · {number}"
    if entity_type == "phone":
        tail = mask_digits(label, keep_digits)
        return f"phone {tail} · {number}" if tail else f"phone · {number}"
    return f"{word} · {number}"


def mask_text(text: Any, keep_digits: int = 0) -> str:
    """Free text with emails and phone-like digit runs masked."""
    out = _EMAIL.sub("[email]", str(text or ""))
    return _DIGIT_RUN.sub(lambda m: "[number" + (
        " " + mask_digits(m.group(0), keep_digits) if keep_digits else "") + "]", out)


def _stamps(stamps: Any) -> list[dict[str, Any]]:
    out = []
    for stamp in stamps or ():
        if isinstance(stamp, Mapping):
            out.append({k: v for k, v in stamp.items() if k in STAMP_KEEP})
    return out


def redact_case(case: Case, profile: RedactionProfile) -> Redacted:
    """A redacted copy of ``case`` (the case itself when ``profile`` is not active)."""
    if not profile.active:
        return Redacted(case, {str(n): str(n) for n in case.graph})
    ids = {str(n): f"E{i}" for i, n in enumerate(case.graph, start=1)}
    out = Case(name=case.name, directed=case.directed)
    out.meta = {k: v for k, v in case.meta.items() if k in META_KEEP}
    out.meta["redaction"] = profile.describe()
    for node, data in case.graph.nodes(data=True):
        new = ids[str(node)]
        attrs = {k: v for k, v in data.items() if k in NODE_KEEP}
        attrs["label"] = mask_label(str(data.get("type", "other")), str(data.get("label", "")),
                                    new, profile.keep_digits)
        if data.get("provenance"):
            attrs["provenance"] = _stamps(data["provenance"])
        out.graph.add_node(new, **attrs)
    for u, v, key, data in case.graph.edges(keys=True, data=True):
        attrs = {k: val for k, val in data.items() if k in LINK_KEEP}
        if data.get("provenance"):
            attrs["provenance"] = _stamps(data["provenance"])
        out.graph.add_edge(ids[str(u)], ids[str(v)], key=str(key), **attrs)
    out.positions = {ids[str(n)]: xy for n, xy in case.positions.items() if str(n) in ids}
    for name in ("view", "views"):
        if name in case.meta:
            out.meta[name] = _mapped_views(case.meta[name], ids)
    return Redacted(out, ids)


def _mapped_views(value: Any, ids: Mapping[str, str]) -> Any:
    if isinstance(value, list):
        return [_mapped_views(v, ids) for v in value]
    if not isinstance(value, Mapping):
        return value
    view = dict(value)
    selection = view.get("selection")
    if isinstance(selection, Mapping) and selection.get("kind") == "node":
        view["selection"] = {**selection, "id": ids.get(str(selection.get("id")), "E?")}
    return view


def redact_audit_rows(rows: Iterable[Mapping[str, Any]], profile: RedactionProfile
                      ) -> list[dict[str, Any]]:
    """Audit rows with the looked-up values masked (for a redacted report)."""
    out = []
    for row in rows:
        row = dict(row)
        if profile.active:
            qtype = str(row.get("query_type", ""))
            value = str(row.get("query_value", ""))
            if qtype in ("name", "person"):
                row["query_value"] = initials(value)
            elif qtype == "phone":
                row["query_value"] = "phone " + mask_digits(value, profile.keep_digits)
            elif value:
                row["query_value"] = f"[{qtype or 'value'}]"
            row["justification"] = mask_text(row.get("justification", ""), 0)
            if "purpose" in row:
                row["purpose"] = mask_text(row["purpose"], 0)
            row.pop("details", None)
        out.append(row)
    return out
