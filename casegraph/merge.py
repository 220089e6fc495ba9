"""Three-way merge of case revisions: a change made on an older revision, applied to the newest.

Two analysts open revision 5. One expands an account (revision 6); the other tags a person
and saves. The tag was made against revision 5, so it is applied to revision 6 as a patch,
the way ``patch`` applies a diff to a file that moved on: what the second analyst changed is
applied, what the first one changed stays. Only a true conflict — the same attribute of the
same entity or link (or the case's name or a metadata key) changed differently by both — is
not applied: the newest value is kept and the conflict is returned, so the second analyst
is told. Nothing is dropped silently.

- Attributes are merged one by one. Lists (provenance, saved views, lexicon terms) merge by
  element: what one side added or removed is added or removed; dicts merge key by key.
- An entity or link added by both with the same id is merged attribute by attribute (two
  lookups that found the same person add both their provenance stamps).
- A link added under a key the newest revision already uses elsewhere gets a fresh key; a
  link both sides added between the same two entities with the same type and attributes is
  kept once, with both provenances.
- Deleting what the other side changed, or changing what the other side deleted, is a
  conflict: the newest revision's state is kept.
- Positions follow the same rule; a node both sides moved keeps the newest position (one
  conflict entry says how many).

``rebase(theirs, base, patch)`` is the primitive: apply ``patch`` (made from ``base``) to
``theirs``. Undo is a rebase of the inverse patch. The inputs are never changed: the result
shares unchanged attribute dicts with ``theirs`` (copy on write), which keeps the patch from
``theirs`` to the result cheap to compute.

    >>> from casegraph.model import Case
    >>> base = Case(name="Ring"); _ = base.add_entity("a", "person", "Ash")
    >>> theirs = base.copy(); _ = theirs.add_entity("b", "person", "Bay")
    >>> mine = base.copy(); mine.graph.nodes["a"]["tag"] = "suspect"
    >>> merged, conflicts = merge_cases(base, theirs, mine)
    >>> sorted(merged.graph.nodes), merged.graph.nodes["a"]["tag"], conflicts
    (['a', 'b'], 'suspect', [])
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass
from typing import Any

from casegraph.model import Case, case_patch


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()  # an absent attribute or key
DELETED = "(deleted)"      # how a deleted entity or link shows in a conflict


@dataclass
class Conflict:
    """One thing both sides changed differently; ``theirs`` was kept, ``mine`` was not.

    ``entity``: a node id, a link as ``"u -> v [key]"``, or ``"case"`` for the name and
    metadata. ``attribute``: the attribute (``"meta.purpose"`` for a metadata key,
    ``""`` when the whole entity or link was deleted by one side). ``by``: who made the
    kept value (filled in by the workspace, which knows the revisions' authors).
    """

    entity: str
    attribute: str
    theirs: Any
    mine: Any
    by: str = ""
    rev: int | None = None
    where: str = "node"  # node | link | case

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        what = f"{self.attribute} of {self.entity}" if self.attribute else self.entity
        who = f" by {self.by}" if self.by else ""
        return (f"{what}: kept {_short(self.theirs)} (changed{who} meanwhile), "
                f"not {_short(self.mine)}")


def _short(value: Any, limit: int = 40) -> str:
    text = DELETED if value is MISSING else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def merge_value(base: Any, theirs: Any, mine: Any, path: str = ""
                ) -> tuple[Any, list[tuple[str, Any, Any]]]:
    """Three-way merge of one value; returns ``(value, conflicts)`` where each conflict is
    ``(path, theirs, mine)``. :data:`MISSING` stands for an absent value (on return: delete).

    >>> merge_value([1, 2], [1, 2, 3], [2, 4])
    ([2, 3, 4], [])
    >>> merge_value("a", "b", "c", "label")
    ('b', [('label', 'b', 'c')])
    >>> merge_value({"x": 1}, {"x": 1, "y": 2}, {"x": 5})
    ({'x': 5, 'y': 2}, [])
    """
    if _same(mine, base):
        return theirs, []
    if _same(theirs, base) or _same(theirs, mine):
        return mine, []
    if _both(list, base, theirs, mine):
        return _merge_lists([] if base is MISSING else base, theirs, mine), []
    if _both(dict, base, theirs, mine):
        base = {} if base is MISSING else base
        out = dict(theirs)
        conflicts: list[tuple[str, Any, Any]] = []
        for name in {**base, **mine}:
            value, found = merge_value(base.get(name, MISSING), theirs.get(name, MISSING),
                                       mine.get(name, MISSING),
                                       f"{path}.{name}" if path else str(name))
            conflicts += found
            if value is MISSING:
                out.pop(name, None)
            else:
                out[name] = value
        return out, conflicts
    return theirs, [(path, theirs, mine)]


def _same(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return a is b or a == b


def _both(kind: type, base: Any, theirs: Any, mine: Any) -> bool:
    return (isinstance(theirs, kind) and isinstance(mine, kind)
            and (base is MISSING or isinstance(base, kind)))


def _merge_lists(base: list, theirs: list, mine: list) -> list:
    """``theirs`` without what ``mine`` removed from ``base``, plus what ``mine`` added."""
    in_base, in_mine = {_key(x) for x in base}, {_key(x) for x in mine}
    removed = in_base - in_mine
    out = [x for x in theirs if _key(x) not in removed]
    have = {_key(x) for x in out}
    for item in mine:
        k = _key(item)
        if k not in in_base and k not in have:
            out.append(item)
            have.add(k)
    return out


# -- copy on write ----------------------------------------------------------------------------
def _cow(case: Case) -> Case:
    """A copy of ``case`` sharing its attribute dicts and per-pair link dicts; owned on the
    first change (``_own_node``, ``_own_pair``), so ``case`` itself never changes."""
    g = case.graph
    h = g.__class__()
    h.graph.update(g.graph)
    h._node.update(g._node)
    h._succ.update((n, nbrs.copy()) for n, nbrs in g._succ.items())
    h._pred.update((n, nbrs.copy()) for n, nbrs in g._pred.items())
    return Case(graph=h, name=case.name, directed=case.directed,
                meta=copy.deepcopy(case.meta), positions=dict(case.positions))


def _own_node(case: Case, node: Any) -> dict[str, Any]:
    nodes = case.graph._node
    data = nodes[node] = dict(nodes[node])
    return data


def _own_pair(case: Case, u: Any, v: Any, key: Any = None) -> dict[Any, dict]:
    succ, pred = case.graph._succ, case.graph._pred
    keys = succ[u].get(v)
    if keys is None:
        keys = {}
    own = {k: (dict(d) if k == key else d) for k, d in keys.items()}
    succ[u][v] = own
    pred[v][u] = own  # one dict per pair, shared by both directions as in networkx
    return own


def _link_name(u: Any, v: Any, k: Any) -> str:
    return f"{u} -> {v} [{k}]"


# -- the merge --------------------------------------------------------------------------------
def merge_cases(base: Case, theirs: Case, mine: Case) -> tuple[Case, list[Conflict]]:
    """Apply what changed from ``base`` to ``mine`` onto ``theirs``.

    Returns the merged case and the conflicts (see the module docstring). When ``theirs``
    is ``base`` the result is ``mine``'s content.

    >>> base = Case(); _ = base.add_entity("a", "person", "Ash")
    >>> theirs = base.copy(); theirs.graph.nodes["a"]["label"] = "Ash Tree"
    >>> mine = base.copy(); mine.graph.nodes["a"]["label"] = "Ash Grove"
    >>> merged, (conflict,) = merge_cases(base, theirs, mine)
    >>> merged.graph.nodes["a"]["label"], conflict.attribute, conflict.mine
    ('Ash Tree', 'label', 'Ash Grove')
    """
    return rebase(theirs, base, case_patch(base, mine))


def rebase(theirs: Case, base: Case, patch: dict[str, Any]) -> tuple[Case, list[Conflict]]:
    """Apply ``patch`` (a :func:`~casegraph.model.case_patch` made from ``base``) to
    ``theirs``, three-way; returns ``(merged case, conflicts)``. Neither input changes."""
    out = _cow(theirs)
    conflicts: list[Conflict] = []
    _merge_case_fields(out, base, theirs, patch, conflicts)
    _merge_links_deleted(out, base, theirs, patch, conflicts)
    renamed = _merge_nodes(out, base, theirs, patch, conflicts)
    _merge_links_set(out, base, theirs, patch, conflicts, renamed)
    _merge_nodes_deleted(out, base, theirs, patch, conflicts)
    _merge_positions(out, base, theirs, patch, conflicts, renamed)
    for cached in ("_keys", "_edge_key_set"):  # indexes of the old content
        out.__dict__.pop(cached, None)
    return out, conflicts


def _merge_case_fields(out: Case, base: Case, theirs: Case, patch: dict,
                       conflicts: list[Conflict]) -> None:
    for name in ("name", "directed"):
        value, found = merge_value(getattr(base, name), getattr(theirs, name),
                                   patch.get(name, getattr(base, name)), name)
        setattr(out, name, value)
        conflicts += [Conflict("case", p, t, m, where="case") for p, t, m in found]
    if "meta" in patch:
        value, found = merge_value(base.meta, theirs.meta, patch["meta"], "meta")
        out.meta = copy.deepcopy(value)
        conflicts += [Conflict("case", p, t, m, where="case") for p, t, m in found]


def _merge_attrs(base: dict, theirs: dict, mine: dict) -> tuple[dict | None,
                                                                list[tuple[str, Any, Any]]]:
    """Attribute-wise merge of one entity or link; None when ``theirs`` stays as it is."""
    changed: dict[str, Any] = {}
    conflicts: list[tuple[str, Any, Any]] = []
    for name in {**base, **mine}:
        b, m = base.get(name, MISSING), mine.get(name, MISSING)
        if _same(m, b):
            continue
        t = theirs.get(name, MISSING)
        value, found = merge_value(b, t, m, str(name))
        conflicts += found
        if not _same(value, t):
            changed[name] = value
    if not changed:
        return None, conflicts
    data = dict(theirs)
    for name, value in changed.items():
        if value is MISSING:
            data.pop(name, None)
        else:
            data[name] = value
    return data, conflicts


def _merge_nodes(out: Case, base: Case, theirs: Case, patch: dict,
                 conflicts: list[Conflict]) -> dict[Any, Any]:
    """Nodes set by the patch; returns new ids given to nodes both sides added under one id
    for different entities (their links and positions follow)."""
    graph, bnodes, tnodes = out.graph, base.graph._node, theirs.graph._node
    renamed: dict[Any, Any] = {}
    for entry in patch.get("nodes_set", []):
        mine = dict(entry)
        node = mine.pop("id")
        b = bnodes.get(node)
        t = tnodes.get(node)
        if t is None and b is not None:  # changed here, deleted there: stays deleted
            conflicts.append(Conflict(str(node), "", MISSING, mine))
            continue
        if t is None:
            graph.add_node(node, **mine)
            continue
        if b is None and not _same_entity(t, mine):  # one id, two different entities
            renamed[node] = new = _fresh_id(graph, node)
            graph.add_node(new, **mine)
            continue
        data, found = _merge_attrs(b or {}, t, mine)
        conflicts += [Conflict(str(node), p, th, m) for p, th, m in found]
        if data is not None:
            graph._node[node] = data
    return renamed


def _same_entity(a: dict, b: dict) -> bool:
    """Whether two entities added under the same id are one: same type and the same
    identity key or record reference, or (having neither) the same label."""
    if a.get("type") != b.get("type"):
        return False
    for name in ("key", "ref"):
        if a.get(name) or b.get(name):
            return a.get(name) == b.get(name)
    return a.get("label") == b.get("label")


def _fresh_id(graph, node: Any) -> str:
    n = 2
    while f"{node}~{n}" in graph:
        n += 1
    return f"{node}~{n}"


def _merge_nodes_deleted(out: Case, base: Case, theirs: Case, patch: dict,
                         conflicts: list[Conflict]) -> None:
    graph = out.graph
    for node in patch.get("nodes_del", []):
        if node not in graph:
            continue
        b, t = base.graph._node.get(node), theirs.graph._node.get(node)
        kept_links = graph.degree(node) > 0  # links the other side added (or kept by edit)
        if b is not None and t != b or kept_links:
            conflicts.append(Conflict(str(node), "", dict(t or {}), MISSING))
            continue
        graph.remove_node(node)
        out.positions.pop(node, None)


def _links(case: Case, u: Any, v: Any) -> dict:
    return case.graph._succ.get(u, {}).get(v) or {}


def _merge_links_deleted(out: Case, base: Case, theirs: Case, patch: dict,
                         conflicts: list[Conflict]) -> None:
    for u, v, k in patch.get("links_del", []):
        t = _links(out, u, v).get(k)
        if t is None:
            continue
        b = _links(base, u, v).get(k)
        if b is not None and t != b:  # they changed what I deleted: keep theirs
            conflicts.append(Conflict(_link_name(u, v, k), "", dict(t), MISSING, where="link"))
            continue
        own = _own_pair(out, u, v)
        del own[k]
        if not own:  # the last link of the pair: drop the pair as networkx does
            del out.graph._succ[u][v]
            del out.graph._pred[v][u]


def _merge_links_set(out: Case, base: Case, theirs: Case, patch: dict,
                     conflicts: list[Conflict], renamed: dict[Any, Any]) -> None:
    graph = out.graph
    used: set | None = None  # every link key in the merged case, built when first needed
    for entry in patch.get("links_set", []):
        mine = dict(entry)
        u, v, k = mine.pop("source"), mine.pop("target"), mine.pop("key")
        u, v = renamed.get(u, u), renamed.get(v, v)
        name = _link_name(u, v, k)
        b = _links(base, u, v).get(k)
        t = _links(theirs, u, v).get(k)
        if b is not None:  # changed here
            if t is None:
                conflicts.append(Conflict(name, "", MISSING, mine, where="link"))
                continue
            data, found = _merge_attrs(b, t, mine)
            conflicts += [Conflict(name, p, th, m, where="link") for p, th, m in found]
            if data is not None:
                _own_pair(out, u, v)[k] = data
            continue
        # added here
        if u not in graph or v not in graph:
            gone = u if u not in graph else v
            conflicts.append(Conflict(name, "", f"{gone} {DELETED}", mine, where="link"))
            continue
        if t is not None and t.get("type") == mine.get("type"):  # added by both
            data, found = _merge_attrs({}, t, mine)
            conflicts += [Conflict(name, p, th, m, where="link") for p, th, m in found]
            if data is not None:
                _own_pair(out, u, v)[k] = data
            continue
        twin = _twin(base, theirs, u, v, mine)
        if twin is not None and twin in _links(out, u, v):  # added by both, other keys
            data, _ = _merge_attrs({}, _links(out, u, v)[twin], mine)
            if data is not None:
                _own_pair(out, u, v)[twin] = data
            continue
        if used is None:
            used = {key for _, _, key in graph.edges(keys=True)}
        if k in used:
            k = _fresh_key(used, k)
        used.add(k)
        _own_pair(out, u, v)[k] = mine


def _twin(base: Case, theirs: Case, u: Any, v: Any, mine: dict) -> Any:
    """The key of a link from ``u`` to ``v`` that the other side added and that equals
    ``mine`` but for provenance, or None."""
    plain = {a: x for a, x in mine.items() if a != "provenance"}
    had = _links(base, u, v)
    for key, data in _links(theirs, u, v).items():
        if key not in had and {a: x for a, x in data.items() if a != "provenance"} == plain:
            return key
    return None


def _fresh_key(used: set, key: Any) -> str:
    stem, n = f"{key}~", 2
    while f"{stem}{n}" in used:
        n += 1
    return f"{stem}{n}"


def _merge_positions(out: Case, base: Case, theirs: Case, patch: dict,
                     conflicts: list[Conflict], renamed: dict[Any, Any]) -> None:
    moved_by_both = 0
    for node, xy in (patch.get("positions_set") or {}).items():
        if node in renamed:
            out.positions[renamed[node]] = (float(xy[0]), float(xy[1]))
            continue
        if node not in out.graph:
            continue
        mine = (float(xy[0]), float(xy[1]))
        b, t = base.positions.get(node), theirs.positions.get(node)
        if t is None or t == b or tuple(t) == mine:
            out.positions[node] = mine
        elif b is not None:
            moved_by_both += 1
    for node in patch.get("positions_del", []):
        if node not in out.graph:
            out.positions.pop(node, None)
    if moved_by_both:
        conflicts.append(Conflict("case", "positions", f"{moved_by_both} entities",
                                  f"{moved_by_both} entities", where="case"))


def inverse_patch(before: Case, after: Case) -> dict[str, Any]:
    """The patch that takes back the change from ``before`` to ``after`` (made from
    ``after``): ``rebase(newest, after, inverse_patch(before, after))`` undoes it."""
    return case_patch(after, before)


def is_empty(patch: dict[str, Any], case: Case) -> bool:
    """Whether applying ``patch`` to ``case`` would change nothing."""
    from casegraph.model import patch_size

    return (patch_size(patch) == 0 and patch.get("name", case.name) == case.name
            and patch.get("directed", case.directed) == case.directed
            and patch.get("meta", case.meta) == case.meta)
