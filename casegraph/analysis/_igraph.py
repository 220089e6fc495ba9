"""Bridge to igraph for cases too large for networkx's pure-Python algorithms.

networkx is the reference implementation (clear, tested, what the measure cards describe);
igraph computes the same measures on the same graph in C, tens of times faster. Tests check
that both agree on small graphs.
"""

from __future__ import annotations

import ctypes
import os
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

# igraph's PageRank (PRPACK) runs every iteration as an OpenMP parallel loop. On a server whose
# cores are busy with other work, each of those loops waits for a thread that is not running:
# PageRank of 10k/30k took 0.35-1.5 s with the default two threads against 0.06-0.07 s with one
# (2 shared cores, load 8-10). One thread per caller it is, unless OMP_NUM_THREADS says else.
_OPENMP = threading.local()


def _openmp_runtimes() -> list[ctypes.CDLL]:
    """The OpenMP runtimes loaded in this process (igraph's wheel bundles its own libgomp)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "libgomp" in line and "/" in line}
    except OSError:  # not Linux: leave the runtime's defaults
        return []
    found = []
    for path in sorted(paths):
        try:
            found.append(ctypes.CDLL(path))
        except OSError:
            continue
    return found


def one_openmp_thread() -> None:
    """Let igraph's parallel loops run on the calling thread alone (a per-thread setting in
    OpenMP, so each request thread makes this call once; later calls cost nothing)."""
    if getattr(_OPENMP, "done", False) or "OMP_NUM_THREADS" in os.environ:
        return
    for runtime in _openmp_runtimes():
        runtime.omp_set_num_threads(1)
    _OPENMP.done = True


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run igraph code with its random generator seeded, then restore the default."""
    one_openmp_thread()
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
