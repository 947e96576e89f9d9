"""scipy peer of Chanjiao's top-k: S = Q · Pᵀ as a CSR product, then per query the k best of its
nonzeros by argpartition (and a sort of those k), on the vectors exported by `chanjiao-bench
export-vectors` (profiles P, then queries Q; see Support/BenchSupport/Export.swift).

usage: topk_scipy.py VECTORS --k K [--out FILE] [--runs N]   -> one JSON line per run
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp


def read_matrices(path):
    raw = open(path, "rb").read()
    at = 0
    out = []
    while at < len(raw):
        rows, cols, nnz = np.frombuffer(raw, np.int64, 3, at)
        at += 24
        start = np.frombuffer(raw, np.int64, rows + 1, at)
        at += 8 * (rows + 1)
        columns = np.frombuffer(raw, np.int32, nnz, at)
        at += 4 * nnz
        values = np.frombuffer(raw, np.float32, nnz, at)
        at += 4 * nnz
        out.append(sp.csr_matrix((values, columns, start), shape=(rows, cols)))
    return out


def topk(P, Q, k):
    PT = P.T.tocsr()
    S = (Q @ PT).tocsr()
    indptr, indices, data = S.indptr, S.indices, S.data
    result = []
    for q in range(S.shape[0]):
        lo, hi = indptr[q], indptr[q + 1]
        d = data[lo:hi]
        if hi - lo > k:
            part = np.argpartition(-d, k - 1)[:k]
        else:
            part = np.arange(hi - lo)
        order = part[np.lexsort((indices[lo:hi][part], -d[part]))]
        result.append((indices[lo:hi][order], d[order]))
    return result


def main():
    path = sys.argv[1]
    k = int(sys.argv[sys.argv.index("--k") + 1]) if "--k" in sys.argv else 50
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 1
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else None
    P, Q = read_matrices(path)
    for run in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = topk(P, Q, k)
        t, c = time.perf_counter() - t0, time.process_time() - c0
        print(json.dumps({"seconds": t, "cpu": c, "results": int(sum(len(r) for r, _ in result))}), flush=True)
        if run == 0 and out:
            with open(out, "w") as fh:
                for rows, scores in result:
                    fh.write(" ".join(f"{r}:{s!r}" for r, s in zip(rows.tolist(), scores.tolist())) + "\n")


if __name__ == "__main__":
    main()
