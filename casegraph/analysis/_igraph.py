"""Bridge to igraph for cases too large for networkx's pure-Python algorithms.

networkx is the reference implementation (clear, tested, what the measure cards describe);
igraph computes the same measures on the same graph in C, tens of times faster. Tests check
that both agree on small graphs.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import igraph as ig
import networkx as nx

# Above this many nodes analyse() switches to igraph (networkx takes ~4 s on 1k nodes, Louvain
# ~13 s and exact betweenness minutes on 10k nodes; igraph well under a second).
LARGE_GRAPH = 500

# igraph draws random numbers from one process-wide generator; a lock keeps two requests
# from reseeding it under each other's feet.
_RNG_LOCK = threading.Lock()


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run igraph code with its random generator seeded, then restore the default."""
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


def to_igraph(G: nx.Graph, weight: str | None = "weight") -> ig.Graph:
    """igraph copy of ``G``; vertex ``i`` is ``list(G)[i]``, edge weights in ``"weight"``."""
    index = {node: i for i, node in enumerate(G)}
    edges = [(index[u], index[v]) for u, v in G.edges()]
    g = ig.Graph(n=len(index), edges=edges, directed=G.is_directed())
    if weight is not None:
        g.es["weight"] = [float(w) for _, _, w in G.edges(data=weight, default=1.0)]
    return g
