"""Figures of every cluster at once, as a table (one row per cluster), for a paginated list.

Worked out on arrays in a few passes over the links, whatever the number of clusters: size,
links inside and to other clusters, density, degree centralisation and average clustering
inside the cluster, and its best connected member. A cluster's full verdict is worked out
when it is opened (:func:`casegraph.analysis.structure.cluster_verdict`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from casegraph.analysis.arrays import Projection

COLUMNS = ("members", "links", "links_out", "density", "centralisation", "clustering",
           "top", "top_contacts")


def cluster_table(p: Projection, labels: np.ndarray) -> pd.DataFrame:
    """One row per cluster (index = cluster number, 0 = largest).

    Columns: ``members``; ``links`` (linked pairs inside the cluster) and ``links_out``
    (pairs with one end outside); ``density``, ``centralisation`` (Freeman degree
    centralisation) and ``clustering`` (average clustering) of the cluster on its own;
    ``top``, the member with most contacts inside the cluster (earliest on ties), and
    ``top_contacts``, how many.

    Examples
    --------
    >>> import networkx as nx
    >>> from casegraph.analysis.arrays import project_arrays
    >>> G = nx.barbell_graph(4, 0)
    >>> table = cluster_table(project_arrays(G), np.array([0, 0, 0, 0, 1, 1, 1, 1]))
    >>> table[["members", "links", "links_out", "density", "top", "top_contacts"]].values.tolist()
    [[4, 6, 1, 1.0, 0, 3], [4, 6, 1, 1.0, 4, 3]]
    """
    labels = np.asarray(labels, dtype=np.int64)
    if len(labels) == 0:
        return pd.DataFrame({c: [] for c in COLUMNS}, index=pd.RangeIndex(0, name="cluster"))
    k = int(labels.max()) + 1
    members = np.bincount(labels, minlength=k)
    a, b = labels[p.source], labels[p.target]
    inside = a == b
    links = np.bincount(a[inside], minlength=k)
    links_out = np.bincount(a[~inside], minlength=k) + np.bincount(b[~inside], minlength=k)
    contacts = (np.bincount(p.source[inside], minlength=p.n)
                + np.bincount(p.target[inside], minlength=p.n))
    top_contacts = np.zeros(k, dtype=np.int64)
    np.maximum.at(top_contacts, labels, contacts)
    order = np.lexsort((np.arange(p.n), -contacts, labels))
    first = np.flatnonzero(np.r_[True, np.diff(labels[order]) != 0])
    top = [p.nodes[i] for i in order[first].tolist()]
    s = members.astype(float)
    pairs = s * (s - 1) / 2
    density = np.divide(links, pairs, out=np.zeros(k), where=pairs > 0)
    spread = s * top_contacts - 2 * links  # sum over members of (max contacts - contacts)
    bound = (s - 1) * (s - 2)
    centralisation = np.divide(spread, bound, out=np.zeros(k), where=bound > 0)
    within = p.graph.subgraph_edges(np.flatnonzero(inside).tolist(), delete_vertices=False)
    local = np.asarray(within.transitivity_local_undirected(mode="zero"), dtype=float)
    clustering = np.bincount(labels, local, minlength=k) / np.maximum(members, 1)
    return pd.DataFrame({
        "members": members, "links": links, "links_out": links_out, "density": density,
        "centralisation": centralisation, "clustering": clustering,
        "top": pd.Series(top, dtype=object), "top_contacts": top_contacts,
    }, index=pd.RangeIndex(k, name="cluster"))
