#!/usr/bin/env python3
"""Seeded min-cost flow benchmark families, written as DIMACS `p min` files.

usage: flow_families.py FAMILY SIZE OUT [--seed N]
       flow_families.py --list
FAMILY: general, grid, transport-dense, transport-sparse, assignment, netgen, allocation
SIZE:   small (about 10^5 arcs), large (about 10^6 arcs), or tiny (a few hundred arcs)

Every family but netgen is feasible by construction (supplies of a random flow within the bounds,
or arcs that can carry a known flow: the grid's rows, the assignment's hidden matching, the
allocation's bypass, the dense transportation's complete graph). netgen is not: its wide skeleton leads each source only to
the sinks of its own chain, and a sink's demand can exceed that source's supply; the random arcs
(70 % of them uncapacitated) almost always make up for it, and every netgen file the compare uses
(seed 1) is feasible — each side finds the optimum — but another seed need not be. Costs,
capacities and supplies are integers. The same family, size and seed
give the same file (numpy's PCG64 generator). Needs numpy only. Prints one JSON line
{"family", "size", "nodes", "arcs", "lower_bounds"}.
"""
import json
import sys

import numpy as np

SIZES = {
    # family: {size: parameters}
    "general": {"tiny": (60, 300), "small": (20_000, 100_000), "large": (200_000, 1_000_000)},
    "grid": {"tiny": (8, 9), "small": (160, 160), "large": (500, 500)},
    "transport-dense": {"tiny": (12, 20), "small": (250, 400), "large": (800, 1_250)},
    "transport-sparse": {"tiny": (20, 30, 10), "small": (4_000, 6_000, 25), "large": (40_000, 60_000, 25)},
    "assignment": {"tiny": (30, 10), "small": (5_000, 20), "large": (25_000, 40)},
    "netgen": {"tiny": (60, 400), "small": (10_000, 100_000), "large": (100_000, 1_000_000)},
    "allocation": {"tiny": (30, 8, 5), "small": (10_000, 1_400, 9), "large": (100_000, 14_000, 9)},
}

DESCRIPTIONS = {
    "general": "general sparse graph, n nodes and 5n random arcs, 4 % with lower bounds, supplies of a random "
               "feasible flow",
    "grid": "R × C grid, arcs both ways between neighbours; the left column sends, the right one receives",
    "transport-dense": "complete bipartite transportation, uncapacitated arcs",
    "transport-sparse": "bipartite transportation, d random capacitated arcs per source, supplies of a random flow",
    "assignment": "n × n assignment, d random arcs per worker plus a perfect matching",
    "netgen": "NETGEN-like: 5 % sources, 5 % sinks, a wide skeleton from every source to sinks, random arcs "
              "(30 % capacitated)",
    "allocation": "shaped like the plan's allocation network: programs (supplies) → candidate roles (negative "
                  "costs) → one sink, and a zero-cost bypass from every program to the sink",
}


def feasible_supplies(rng, n, tails, heads, lower, cap, share=0.3):
    """Supplies of a random flow within [lower, cap] (so the instance is feasible)."""
    flow = lower.copy()
    pick = rng.random(len(tails)) < share
    span = cap - lower
    flow[pick] += (rng.random(int(pick.sum())) * (span[pick] + 1)).astype(np.int64).clip(max=span[pick])
    supply = np.zeros(n, dtype=np.int64)
    np.add.at(supply, tails, flow)
    np.subtract.at(supply, heads, flow)
    return supply


def general(rng, n, m):
    tails = rng.integers(0, n, m)
    heads = (tails + rng.integers(1, n, m)) % n  # no self-loops
    cost = rng.integers(0, 1_001, m)
    cap = rng.integers(1, 1_001, m)
    lower = np.zeros(m, dtype=np.int64)
    lb = rng.random(m) < 0.04
    lower[lb] = (rng.random(int(lb.sum())) * (cap[lb] // 2 + 1)).astype(np.int64)
    lower[lb] = np.maximum(lower[lb], 1)
    cap = np.maximum(cap, lower)
    return n, tails, heads, lower, cap, cost, feasible_supplies(rng, n, tails, heads, lower, cap)


def grid(rng, rows, cols):
    n = rows * cols
    idx = np.arange(n).reshape(rows, cols)
    right = (idx[:, :-1].ravel(), idx[:, 1:].ravel())
    down = (idx[:-1, :].ravel(), idx[1:, :].ravel())
    tails = np.concatenate([right[0], right[1], down[0], down[1]])
    heads = np.concatenate([right[1], right[0], down[1], down[0]])
    m = len(tails)
    nr = len(right[0])
    cost = rng.integers(1, 101, m)
    cap = rng.integers(1, 101, m)
    send = rng.integers(1, 51, rows)
    cap[:nr] = np.maximum(cap[:nr], rng.integers(50, 151, nr))  # rightward arcs carry a row's supply
    supply = np.zeros(n, dtype=np.int64)
    supply[idx[:, 0]] = send
    supply[idx[:, -1]] = -send
    lower = np.zeros(m, dtype=np.int64)
    return n, tails, heads, lower, cap, cost, supply


def transport_dense(rng, s, t):
    n = s + t
    tails = np.repeat(np.arange(s), t)
    heads = s + np.tile(np.arange(t), s)
    m = len(tails)
    supply = np.zeros(n, dtype=np.int64)
    supply[:s] = rng.integers(1, 101, s)
    total = int(supply[:s].sum())
    cuts = np.sort(rng.integers(0, total + 1, t - 1))
    demand = np.diff(np.concatenate([[0], cuts, [total]]))
    supply[s:] = -demand
    cost = rng.integers(0, 1_001, m)
    cap = np.full(m, total, dtype=np.int64)
    return n, tails, heads, np.zeros(m, dtype=np.int64), cap, cost, supply


def transport_sparse(rng, s, t, d):
    n = s + t
    tails = np.repeat(np.arange(s), d)
    heads = s + rng.integers(0, t, s * d)
    m = len(tails)
    cap = rng.integers(1, 51, m)
    cost = rng.integers(0, 1_001, m)
    lower = np.zeros(m, dtype=np.int64)
    return n, tails, heads, lower, cap, cost, feasible_supplies(rng, n, tails, heads, lower, cap, share=0.5)


def assignment(rng, k, d):
    n = 2 * k
    perm = rng.permutation(k)
    tails = np.concatenate([np.arange(k), np.repeat(np.arange(k), d - 1)])
    heads = k + np.concatenate([perm, rng.integers(0, k, k * (d - 1))])
    m = len(tails)
    order = np.argsort(tails, kind="stable")
    tails, heads = tails[order], heads[order]
    supply = np.concatenate([np.ones(k, dtype=np.int64), -np.ones(k, dtype=np.int64)])
    cost = rng.integers(0, 1_001, m)
    return n, tails, heads, np.zeros(m, dtype=np.int64), np.ones(m, dtype=np.int64), cost, supply


def netgen(rng, n, m):
    ns = max(1, n // 20)
    nt = max(1, n // 20)
    sources = np.arange(ns)
    sinks = np.arange(n - nt, n)
    trans = np.arange(ns, n - nt)
    supply = np.zeros(n, dtype=np.int64)
    supply[sources] = rng.integers(1, 2_001, ns)
    total = int(supply[sources].sum())
    cuts = np.sort(rng.integers(0, total + 1, nt - 1))
    supply[sinks] = -np.diff(np.concatenate([[0], cuts, [total]]))
    # Skeleton: every transshipment node hangs on the chain of one source; every chain ends in
    # arcs to every sink assigned to it and every sink gets one chain end: wide (uncapacitated)
    # arcs. A source reaches only its own chain's sinks through it, so feasibility is left to the
    # random arcs (see the module's doc).
    owner = rng.integers(0, ns, len(trans))
    st, sh = [], []
    for src in range(ns):
        chain = np.concatenate([[sources[src]], rng.permutation(trans[owner == src])])
        st.append(chain[:-1]); sh.append(chain[1:])
    ends = np.array([np.concatenate([[sources[i]], trans[owner == i]])[-1] for i in range(ns)])
    sink_chain = rng.integers(0, ns, nt)
    sink_chain[:min(ns, nt)] = rng.permutation(ns)[:min(ns, nt)]
    st.append(ends[sink_chain]); sh.append(sinks)
    # Every chain reaches at least one sink: chains without one get an arc to a random sink.
    reached = np.zeros(ns, dtype=bool)
    reached[sink_chain] = True
    lonely = np.nonzero(~reached)[0]
    st.append(ends[lonely]); sh.append(rng.choice(sinks, len(lonely)))
    sk_t = np.concatenate(st).astype(np.int64)
    sk_h = np.concatenate(sh).astype(np.int64)
    k = len(sk_t)
    r = max(0, m - k)
    rt = rng.integers(0, n, r)
    rh = (rt + rng.integers(1, n, r)) % n
    tails = np.concatenate([sk_t, rt])
    heads = np.concatenate([sk_h, rh])
    cost = rng.integers(1, 10_001, k + r)
    cap = np.full(k + r, total, dtype=np.int64)
    capacitated = np.concatenate([np.zeros(k, dtype=bool), rng.random(r) < 0.3])
    cap[capacitated] = rng.integers(100, 1_001, int(capacitated.sum()))
    shuffle = rng.permutation(k + r)
    tails, heads, cost, cap = tails[shuffle], heads[shuffle], cost[shuffle], cap[shuffle]
    return n, tails, heads, np.zeros(k + r, dtype=np.int64), cap, cost, supply


def allocation(rng, programs, roles, d):
    n = programs + roles + 1
    sink = n - 1
    grads = rng.integers(1, 51, programs)
    pt = np.repeat(np.arange(programs), d)
    ph = programs + rng.integers(0, roles, programs * d)
    tails = np.concatenate([pt, programs + np.arange(roles), np.arange(programs)])
    heads = np.concatenate([ph, np.full(roles, sink), np.full(programs, sink)])
    cap = np.concatenate([np.repeat(grads, d), rng.integers(1, 101, roles), grads])
    cost = np.concatenate([-rng.integers(1, 10_001, programs * d), np.zeros(roles + programs, dtype=np.int64)])
    supply = np.zeros(n, dtype=np.int64)
    supply[:programs] = grads
    supply[sink] = -int(grads.sum())
    return n, tails, heads, np.zeros(len(tails), dtype=np.int64), cap, cost, supply


MAKERS = {"allocation": allocation, "general": general, "grid": grid, "transport-dense": transport_dense,
          "transport-sparse": transport_sparse, "assignment": assignment, "netgen": netgen}


def write(path, family, size, seed, n, tails, heads, lower, cap, cost, supply):
    with open(path, "w") as fh:
        fh.write(f"c {family} {size} seed {seed}: {DESCRIPTIONS[family]}\n")
        fh.write(f"c generated by Benchmarks/flow_families.py\n")
        fh.write(f"p min {n} {len(tails)}\n")
        nz = np.nonzero(supply)[0]
        fh.write("".join(f"n {v + 1} {s}\n" for v, s in zip(nz.tolist(), supply[nz].tolist())))
        table = np.column_stack([tails + 1, heads + 1, lower, cap, cost]).astype(np.int64)
        np.savetxt(fh, table, fmt="a %d %d %d %d %d")


def main():
    if "--list" in sys.argv:
        for f, d in DESCRIPTIONS.items():
            print(f"{f}: {d}; sizes {', '.join(f'{k} {v}' for k, v in SIZES[f].items())}")
        return
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    if "--seed" in sys.argv:
        args.remove(str(seed))
    family, size, out = args
    rng = np.random.default_rng(seed)
    n, *rest = MAKERS[family](rng, *SIZES[family][size])
    tails, heads, lower, cap, cost, supply = (np.asarray(x, dtype=np.int64) for x in rest)
    assert supply.sum() == 0 and (lower <= cap).all()
    write(out, family, size, seed, n, tails, heads, lower, cap, cost, supply)
    print(json.dumps({"family": family, "size": size, "nodes": int(n), "arcs": int(len(tails)),
                      "lower_bounds": int((lower > 0).sum())}))


if __name__ == "__main__":
    main()
