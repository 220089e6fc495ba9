"""The people network against the simple projection every analysis starts from, same case.

A synthetic case of people, each with two phones and an account registered with one of them,
3 calls per person between random phones and one shared address per two people; both
``project(case.graph)`` and ``people_network(case)`` are timed (CPU seconds, best of
``--repeat``) and their ratio printed, so the figure means the same on a busy machine.

    python bench/people.py [--people 2000 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casegraph.analysis import project  # noqa: E402
from casegraph.analysis.people import people_network  # noqa: E402
from casegraph.model import Case  # noqa: E402


def synthetic(people: int, seed: int = 0) -> Case:
    rng = random.Random(seed)
    case = Case(name="bench")
    g = case.graph
    for i in range(people):
        g.add_node(f"p{i}", type="person", label=f"Person {i}")
        for j in range(2):
            g.add_node(f"ph{i}.{j}", type="phone", label=f"ph {i}.{j}")
            g.add_edge(f"p{i}", f"ph{i}.{j}", key=f"u{i}.{j}", type="uses", weight=1.0)
        g.add_node(f"ac{i}", type="account", label=f"account {i}")
        g.add_edge(f"ac{i}", f"ph{i}.0", key=f"r{i}", type="registered_with", weight=1.0)
    for k in range(3 * people):
        a, b = rng.randrange(people), rng.randrange(people)
        g.add_edge(f"ph{a}.{k % 2}", f"ph{b}.{(k // 2) % 2}", key=f"c{k}", type="call",
                   weight=float(rng.randint(1, 4)))
    for k in range(people // 2):
        a, b = rng.randrange(people), rng.randrange(people)
        g.add_node(f"ad{k}", type="address", label=f"address {k}")
        g.add_edge(f"p{a}", f"ad{k}", key=f"l{k}a", type="lives_at", weight=1.0)
        g.add_edge(f"p{b}", f"ad{k}", key=f"l{k}b", type="lives_at", weight=1.0)
    return case


def best(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        runs.append(time.process_time() - t)
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for n in args.people:
        case = synthetic(n)
        simple = best(lambda c=case: project(c.graph), args.repeat)
        people = best(lambda c=case: people_network(c), args.repeat)
        net = people_network(case)
        print(f"{n:>7} people: case {case.graph.number_of_nodes()} nodes / "
              f"{case.graph.number_of_edges()} links -> {net.graph.number_of_nodes()} actors / "
              f"{net.graph.number_of_edges()} ties; project {simple:.2f} s, people_network "
              f"{people:.2f} s CPU, ratio {people / simple:.1f}")


if __name__ == "__main__":
    main()
