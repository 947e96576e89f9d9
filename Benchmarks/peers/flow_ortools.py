"""OR-Tools SimpleMinCostFlow (and networkx network simplex, --networkx) on a DIMACS file.

The file is parsed before timing; the time covers building the solver's graph and solving.
usage: flow_ortools.py FILE [--runs N] [--networkx]   -> one JSON line per run
"""
import json
import sys
import time

import numpy as np


def read_dimacs(path):
    supplies = {}
    arcs = []
    n = 0
    with open(path) as fh:
        for line in fh:
            if line.startswith("a "):
                arcs.append(line)
            elif line.startswith("n "):
                _, v, s = line.split()
                supplies[int(v) - 1] = int(s)
            elif line.startswith("p "):
                n = int(line.split()[2])
    a = np.loadtxt(arcs, usecols=(1, 2, 3, 4, 5), dtype=np.int64, ndmin=2) if arcs else np.zeros((0, 5), np.int64)
    if (a[:, 2] != 0).any():
        raise SystemExit("lower bounds are not supported by this peer")
    supply = np.zeros(n, dtype=np.int64)
    for v, s in supplies.items():
        supply[v] = s
    return n, a[:, 0] - 1, a[:, 1] - 1, a[:, 3], a[:, 4], supply


def ortools_solve(n, tails, heads, caps, costs, supply):
    from ortools.graph.python import min_cost_flow

    t0, c0 = time.perf_counter(), time.process_time()
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    smcf.set_nodes_supplies(np.arange(n), supply)
    status = smcf.solve()
    t = (time.perf_counter() - t0, time.process_time() - c0)
    return t, status == smcf.OPTIMAL, smcf.optimal_cost() if status == smcf.OPTIMAL else None


def networkx_solve(n, tails, heads, caps, costs, supply):
    import networkx as nx

    t0, c0 = time.perf_counter(), time.process_time()
    g = nx.MultiDiGraph()
    for v in range(n):
        g.add_node(v, demand=-int(supply[v]))
    for t, h, c, w in zip(tails.tolist(), heads.tolist(), caps.tolist(), costs.tolist()):
        g.add_edge(t, h, capacity=c, weight=w)
    cost, _ = nx.network_simplex(g)
    return (time.perf_counter() - t0, time.process_time() - c0), True, cost


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
