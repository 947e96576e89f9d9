"""The `matching` package's hospital–resident solver (resident-optimal) on the instance written by
`chanjiao-bench export-da` (residents propose; preferences from the edge weights, no ties).

The time covers solve() only; building the game (create_from_dictionaries) is reported apart.
usage: stable_matching.py FILE [--out FILE] [--runs N]   -> one JSON line per run
"""
import json
import sys
import threading
import time
from collections import defaultdict

from matching.games import HospitalResident


def read(path):
    quotas, edges = [], []
    with open(path) as fh:
        for line in fh:
            f = line.split()
            if f[0] == "h":
                quotas.append(int(f[1]))
            elif f[0] == "e":
                edges.append((int(f[1]), int(f[2]), int(f[3]), int(f[4])))
    res = defaultdict(list)
    hos = defaultdict(list)
    for p, r, wp, wr in edges:
        if wp > 0 and wr > 0:
            res[p].append((-wp, r))
            hos[r].append((-wr, p))
    resident_prefs = {p: [r for _, r in sorted(v)] for p, v in res.items()}
    hospital_prefs = {h: [p for _, p in sorted(hos.get(h, []))] for h in range(len(quotas))}
    capacities = {h: q for h, q in enumerate(quotas)}
    return resident_prefs, hospital_prefs, capacities


def main():
    path = sys.argv[1]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 1
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else None
    prefs = read(path)
    for run in range(runs):
        t0 = time.perf_counter()
        game = HospitalResident.create_from_dictionaries(*prefs)
        t1, c1 = time.perf_counter(), time.process_time()
        matching = game.solve(optimal="resident")
        t2, c2 = time.perf_counter(), time.process_time()
        pairs = sorted(f"{r.name} {h.name}" for h, rs in matching.items() for r in rs)
        print(json.dumps({"seconds": t2 - t1, "cpu": c2 - c1, "create_seconds": t1 - t0, "matched": len(pairs)}), flush=True)
        if run == 0 and out:
            with open(out, "w") as fh:
                fh.write("\n".join(pairs) + "\n")


if __name__ == "__main__":
    # The game's constructor deep-copies the players, which reference each other through their
    # preference lists: that recursion needs a deep stack at these sizes.
    sys.setrecursionlimit(10_000_000)
    threading.stack_size(1 << 30)
    failed = []

    def run():
        try:
            main()
        except BaseException as e:  # noqa: BLE001 - reported, then the process fails
            failed.append(e)
            raise

    t = threading.Thread(target=run)
    t.start()
    t.join()
    sys.exit(1 if failed else 0)
