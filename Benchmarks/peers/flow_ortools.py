"""OR-Tools SimpleMinCostFlow (and networkx network simplex, --networkx) on a DIMACS file.

The file is parsed before timing; the time covers building the solver's graph and solving. Files
with lower bounds are transformed first (see read_dimacs). The reader takes well-formed `p min`
files such as the benchmarks'; it checks far less than the project's reader (bad input is not
reported by line).
usage: flow_ortools.py FILE [--runs N] [--networkx]   -> one JSON line per run
"""
import json
import sys
import time

import numpy as np


def read_dimacs(path):
    """Well-formed DIMACS `p min` files: comments, blank lines, blanks before and between fields,
    supplies that need not sum to zero, lower bounds, negative costs, self-loops.

    Lower bounds are shifted out as usual (flow' = flow - low on [0, cap - low], the tail's supply
    lowered and the head's raised by low); the constant sum(low * cost) is returned separately and
    added back to the peer's optimal cost."""
    supply_lines = []
    arc_lines = []
    n = 0
    with open(path) as fh:
        for line in fh:
            line = line.lstrip()
            kind = line[:1]
            if kind == "a":
                arc_lines.append(line[1:])
            elif kind == "n":
                _, v, s = line.split()
                supply_lines.append((int(v) - 1, int(s)))
            elif kind == "p":
                n = int(line.split()[2])
    if arc_lines:
        a = np.array(" ".join(arc_lines).split(), dtype=np.int64).reshape(-1, 5)
    else:
        a = np.zeros((0, 5), np.int64)
    supply = np.zeros(n, dtype=np.int64)
    for v, s in supply_lines:
        supply[v] = s
    tails, heads, low, cap, cost = a[:, 0] - 1, a[:, 1] - 1, a[:, 2], a[:, 3], a[:, 4]
    constant = int((low * cost).sum()) if len(low) else 0
    if (low != 0).any():
        np.subtract.at(supply, tails, low)
        np.add.at(supply, heads, low)
    return n, tails, heads, cap - low, cost, supply, constant


def ortools_solve(n, tails, heads, caps, costs, supply, constant):
    from ortools.graph.python import min_cost_flow

    t0, c0 = time.perf_counter(), time.process_time()
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    smcf.set_nodes_supplies(np.arange(n), supply)
    status = smcf.solve()
    t = (time.perf_counter() - t0, time.process_time() - c0)
    return t, status == smcf.OPTIMAL, smcf.optimal_cost() + constant if status == smcf.OPTIMAL else None


def networkx_solve(n, tails, heads, caps, costs, supply, constant):
    import networkx as nx

    t0, c0 = time.perf_counter(), time.process_time()
    g = nx.MultiDiGraph()
    for v in range(n):
        g.add_node(v, demand=-int(supply[v]))
    for t, h, c, w in zip(tails.tolist(), heads.tolist(), caps.tolist(), costs.tolist()):
        g.add_edge(t, h, capacity=c, weight=w)
    cost, _ = nx.network_simplex(g)
    return (time.perf_counter() - t0, time.process_time() - c0), True, cost + constant


def main():
    path = sys.argv[1]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 1
    solve = networkx_solve if "--networkx" in sys.argv else ortools_solve
    problem = read_dimacs(path)
    for _ in range(runs):
        t, ok, cost = solve(*problem)
        print(json.dumps({"seconds": t[0], "cpu": t[1], "optimal": int(ok), "cost": cost}), flush=True)


if __name__ == "__main__":
    main()
