"""Removal curves on arrays: who goes at each step, then how the largest group shrinks.

The engine of :func:`casegraph.analysis.disruption.removal_curve` above ``LARGE_GRAPH``
people (and with ``engine="igraph"``), in two parts:

1. the blocks of people removed at each step. Degree is re-ranked incrementally: a removal
   changes the degree of its neighbours only, so a heap of (degree, position) entries is
   updated for them and stale entries are skipped. PageRank and betweenness are global and
   are recomputed by igraph on the shrinking graph. Random and the analyst's order are known
   in advance;
2. the largest connected group after each step, computed backwards: starting from the people
   never removed, the blocks are put back in reverse order and joined to their neighbours with
   a union-find, so the whole curve costs one pass over the links instead of one
   component search per step.

Ties go to the earlier node in the graph, scores compared after :func:`significant` rounding,
exactly as the networkx reference does.
"""

from __future__ import annotations

import heapq
import random

import numpy as np

from casegraph.analysis._igraph import one_openmp_thread
from casegraph.analysis.arrays import Projection
from casegraph.analysis.centrality import BETWEENNESS_SAMPLES, significant


def steps(n: int, block: int) -> int:
    """Number of removals of ``block`` people: they go on while more than ``block`` remain."""
    return max(0, -(-(n - block) // block)) if n > block else 0


def queue_blocks(queue: list[int], n: int, block: int) -> list[list[int]]:
    """Blocks of a removal order fixed in advance (random, or the analyst's list)."""
    count = min(steps(n, block), -(-len(queue) // block))
    return [queue[i * block:(i + 1) * block] for i in range(count)]


def degree_blocks(p: Projection, block: int) -> list[list[int]]:
    """Most contacts first, re-ranked after each block, incrementally.

    The heap holds one integer per entry, ``(top - degree) * n + position``, so the smallest
    is the most contacts, earliest on ties (integers compare faster than tuples).
    """
    n = p.n
    indptr, indices = p.neighbour_lists
    degree = p.degree.tolist()
    top = max(degree, default=0)
    heap = [(top - d) * n + v for v, d in enumerate(degree)]
    heapq.heapify(heap)
    pop, push = heapq.heappop, heapq.heappush
    removed = bytearray(n)
    blocks = []
    for _ in range(steps(n, block)):
        targets: list[int] = []
        while len(targets) < block:
            gap, v = divmod(pop(heap), n)
            if not removed[v] and top - gap == degree[v]:
                removed[v] = 1
                targets.append(v)
        for v in targets:
            for u in indices[indptr[v]:indptr[v + 1]]:
                if not removed[u]:
                    degree[u] -= 1
                    push(heap, (top - degree[u]) * n + u)
        blocks.append(targets)
    return blocks


def ranked_blocks(p: Projection, strategy: str, block: int, seed: int = 0,
                  weighted: bool = False) -> list[list[int]]:
    """PageRank or betweenness first, recomputed by igraph after each block.

    Betweenness is estimated from ``BETWEENNESS_SAMPLES`` sources drawn with
    ``random.Random(seed + people left)`` once more people than that are left.
    """
    one_openmp_thread()
    g = p.graph.copy()
    if not weighted:  # unused: deleting vertices would copy it at every step
        del g.es["weight"]
    ids = np.arange(p.n)  # graph position of each vertex still in g
    blocks: list[list[int]] = []
    total = steps(p.n, block)
    while len(blocks) < total:
        if g.ecount() == 0:  # every score ties from here on: earlier nodes first
            rest = ids.tolist()
            blocks += [rest[i:i + block] for i in range(0, block * (total - len(blocks)), block)]
            break
        if strategy == "pagerank":
            scores = g.pagerank(directed=False)
        else:
            left = g.vcount()
            weights = "weight" if weighted else None
            if left <= BETWEENNESS_SAMPLES:
                scores = g.betweenness(directed=False, weights=weights)
            else:
                sources = sorted(random.Random(seed + left).sample(range(left),
                                                                   BETWEENNESS_SAMPLES))
                scores = g.betweenness(directed=False, weights=weights, sources=sources)
        top = np.lexsort((ids, -significant(scores)))[:block]
        blocks.append(ids[top].tolist())
        g.delete_vertices(top.tolist())
        ids = np.delete(ids, top)
    return blocks


def curve_from_blocks(p: Projection, blocks: list[list[int]]) -> list[float]:
    """``[1.0, lcc after block 1 / lcc before, ...]`` by putting the blocks back in reverse."""
    indptr, indices = p.neighbour_lists
    parent = list(range(p.n))
    size = [1] * p.n
    alive = bytearray(p.n)
    removed = bytearray(p.n)
    for b in blocks:
        for v in b:
            removed[v] = 1
    largest = 0

    def root(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    def put_back(vertices) -> None:
        nonlocal largest
        for v in vertices:
            alive[v] = 1
            rv = root(v)
            for u in indices[indptr[v]:indptr[v + 1]]:
                if alive[u]:
                    ru = root(u)
                    if ru != rv:
                        if size[ru] > size[rv]:
                            ru, rv = rv, ru
                        parent[ru] = rv
                        size[rv] += size[ru]
            largest = max(largest, size[rv])

    put_back(v for v in range(p.n) if not removed[v])
    after = [largest]
    for b in reversed(blocks):
        put_back(b)
        after.append(largest)
    initial = after[-1]
    if initial == 0:
        return []
    return [1.0] + [x / initial for x in reversed(after[:-1])]
