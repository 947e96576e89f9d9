"""Driver of Benchmarks/compare: inputs, alternating runs, agreement checks, the table.

Each side of a pair is a separate process that times only its own work (not start-up, not reading
inputs, as printed in its JSON line). Runs alternate A B, B A, A B, … so that load on the shared
machine falls on both sides alike; the table shows medians, the ratio is peer / Swift (> 1 means
Swift is faster).
"""
import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run_json(cmd, env=None):
    """Runs cmd, returns the last JSON line of stdout."""
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    return json.loads(lines[-1])


def timed_process(cmd):
    """Wall and CPU (user + system, from the child's rusage) of a whole process."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    t = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return t, cpu, p


class Ctx:
    def __init__(self, args):
        self.root = args.root
        self.smoke = args.smoke
        self.runs = args.runs or (1 if args.smoke else 5)
        self.inputs = os.path.join(self.root, "Benchmarks", ".inputs")
        os.makedirs(self.inputs, exist_ok=True)
        self.chanjiao = os.path.join(self.root, ".build", "release", "chanjiao")
        bench_bin = os.path.join(self.root, "Benchmarks", ".build", "release")
        self.tool = os.path.join(bench_bin, "BenchTool")
        self.xmlparser = os.path.join(bench_bin, "XMLParserIngest")
        self.catalogs = os.path.join(self.root, "Catalogs")
        self.rows = []        # table rows
        self.notes = []       # agreement and goal notes
        self.extra = []       # other measured figures

    def path(self, *p):
        return os.path.join(self.inputs, *p)

    def generate(self, scale, seed=1):
        out = self.path(scale)
        if not os.path.isdir(out) or not any(f.startswith("colleges") for f in os.listdir(out)):
            log(f"generating {scale} (seed {seed})…")
            subprocess.run([self.chanjiao, "generate", "--scale", scale, "--seed", str(seed), "--out", out,
                            "--catalogs", self.catalogs], check=True)
        return out


def alternate(ctx, sides, runs, answers=None):
    """sides: list of (name, fn) where fn() -> dict with 'seconds'. Returns {name: [(wall, cpu)]};
    when `answers` is a dict, every run's whole answer is appended to answers[name] too."""
    times = {name: [] for name, _ in sides}
    for i in range(runs):
        order = sides if i % 2 == 0 else list(reversed(sides))
        for name, fn in order:
            r = fn()
            times[name].append((r["seconds"], r.get("cpu", r["seconds"])))
            if answers is not None:
                answers.setdefault(name, []).append(r)
    return times


def med(xs):
    return statistics.median(xs)


def add_row(ctx, what, swift_name, swift_times, peer_name, peer_times, goal, goal_ok, agree, by="cpu"):
    """Ratios on CPU time (load on the shared machine inflates wall time unevenly) and on wall time;
    the goal is judged on `by` (wall for multi-threaded Swift)."""
    s, p = med([x[0] for x in swift_times]), med([x[0] for x in peer_times])
    sc, pc = med([x[1] for x in swift_times]), med([x[1] for x in peer_times])
    ratio_wall = p / s if s > 0 else float("inf")
    ratio_cpu = pc / sc if sc > 0 else float("inf")
    judged = ratio_cpu if by == "cpu" else ratio_wall
    ctx.rows.append({
        "what": what, "swift": swift_name, "swift_s": s, "swift_cpu": sc, "peer": peer_name, "peer_s": p,
        "peer_cpu": pc, "ratio": ratio_wall, "ratio_cpu": ratio_cpu, "goal": goal, "goal_ok": goal_ok(judged),
        "by": by, "agree": agree, "runs": len(swift_times),
    })
    log(f"  {what}: swift {s:.4f}s wall {sc:.4f}s cpu | {peer_name} {p:.4f}s wall {pc:.4f}s cpu | "
        f"ratio cpu {ratio_cpu:.2f} wall {ratio_wall:.2f}  agree={agree}")


# --- ingest --------------------------------------------------------------------------------------

def merged_colleges(ctx, target_mb):
    """One colleges file of about target_mb, made by joining national scale files' <college>s."""
    out = ctx.path(f"colleges-{target_mb}mb.xml")
    if os.path.exists(out):
        return out
    src = ctx.generate("national")
    files = sorted(f for f in os.listdir(src) if f.startswith("colleges"))
    head = None
    with open(out + ".tmp", "w", encoding="utf-8") as fh:
        size = 0
        for f in files:
            text = open(os.path.join(src, f), encoding="utf-8").read()
            start = text.index("<college ")
            end = text.rindex("</colleges>")
            if head is None:
                head = text[:start]
                fh.write(head)
            body = text[start:end]
            # College ids repeat across files only if the generator numbers per file; keep them unique.
            fh.write(body)
            size += len(body.encode())
            if size >= target_mb * 1_000_000:
                break
        fh.write("</colleges>\n")
    os.replace(out + ".tmp", out)
    return out


def ingest_pairs(ctx):
    if ctx.smoke:
        file = os.path.join(ctx.catalogs, "chongqing", "colleges-chongqing.xml")
    else:
        file = merged_colleges(ctx, 100)
    mb = os.path.getsize(file) / 1e6
    log(f"ingest: {file} ({mb:.1f} MB)")
    xsd = os.path.join(ctx.catalogs, "schema", "colleges.xsd")

    def swift(trusted):
        return lambda: run_json([ctx.tool, "ingest", file] + (["--trusted"] if trusted else []))

    def foundation():
        return run_json([ctx.xmlparser, file])

    def lxml():
        return run_json([PY, os.path.join(HERE, "ingest_lxml.py"), file])

    def xmllint():
        t, cpu, p = timed_process(["xmllint", "--stream", "--noout", "--schema", xsd, file])
        if p.returncode != 0:
            raise SystemExit(f"xmllint failed: {p.stderr[-500:]}")
        return {"seconds": t, "cpu": cpu}

    # Answers: the same record counts everywhere; xmllint says the file validates.
    a, b, c = swift(False)(), foundation(), lxml()
    keys = ("colleges", "programs", "years", "links")
    same = all(a[k] == b[k] == c[k] for k in keys)
    counts = ", ".join(f"{k} {a[k]}" for k in keys)
    ctx.notes.append(f"ingest: {'same' if same else 'DIFFERENT'} records from Swift, XMLParser and lxml ({counts}"
                     + ("" if same else f"; XMLParser {b}, lxml {c}") + "); xmllint: validates")
    t = alternate(ctx, [("validated", swift(False)), ("trusted", swift(True)), ("foundation", foundation),
                        ("lxml", lxml), ("xmllint", xmllint)], ctx.runs)
    what = f"ingest, {mb:.0f} MB colleges file"
    add_row(ctx, what, "Swift validated", t["validated"], "Foundation XMLParser (no validation)", t["foundation"],
            "≥ 3×", lambda r: r >= 3, same, by="wall")
    add_row(ctx, what, "Swift trusted", t["trusted"], "Foundation XMLParser (no validation)", t["foundation"],
            "≥ 3×", lambda r: r >= 3, same, by="wall")
    add_row(ctx, what, "Swift validated", t["validated"], "lxml iterparse (no validation)", t["lxml"],
            "≥ 5×", lambda r: r >= 5, same, by="wall")
    add_row(ctx, what, "Swift trusted", t["trusted"], "lxml iterparse (no validation)", t["lxml"],
            "≥ 5×", lambda r: r >= 5, same, by="wall")
    add_row(ctx, what, "Swift validated", t["validated"], "xmllint --stream --schema (process)", t["xmllint"],
            "≥ 0.5×", lambda r: r >= 0.5, True, by="wall")
    for name, goal in (("validated", 60), ("trusted", 120)):
        mbs = mb / med([x[1] for x in t[name]])
        wall = mb / med([x[0] for x in t[name]])
        # Judged on wall time: a large file is parsed in slices on all cores (Guides/Ingest.md).
        ctx.extra.append((f"ingest throughput, {name}", f"{wall:.0f} MB/s wall ({mbs:.0f} MB/s of CPU time) on {mb:.0f} MB",
                          f"≥ {goal} MB/s", "met" if wall >= goal else f"missed by {100 * (1 - wall / goal):.0f} %"))


# --- top-k ---------------------------------------------------------------------------------------

def read_topk(path):
    out = []
    with open(path) as fh:
        for line in fh:
            out.append([(int(x.split(":")[0]), float(x.split(":")[1])) for x in line.split()])
    return out


def topk_agree(a, b, rel=1e-5):
    """Same sets, up to rows tied (within float rounding) with the k-th score."""
    if len(a) != len(b):
        return 0, len(a)
    bad = 0
    exact = 0
    for qa, qb in zip(a, b):
        if len(qa) != len(qb):
            bad += 1
            continue
        if {r for r, _ in qa} == {r for r, _ in qb}:
            exact += 1
            continue
        if not qa:
            continue
        kth = min(min(s for _, s in qa), min(s for _, s in qb))
        tol = rel * max(1.0, abs(kth))
        sa = {r for r, s in qa if s > kth + tol}
        sb = {r for r, s in qb if s > kth + tol}
        scores_a = sorted(s for _, s in qa)
        scores_b = sorted(s for _, s in qb)
        if sa != sb or any(abs(x - y) > tol for x, y in zip(scores_a, scores_b)):
            bad += 1
    return exact, bad


def topk_pair(ctx):
    scale = "city" if ctx.smoke else "province"
    d = os.path.join(ctx.catalogs, "chongqing") if ctx.smoke else ctx.generate(scale)
    vectors = ctx.path(f"vectors-{'chongqing' if ctx.smoke else scale}.bin")
    if not os.path.exists(vectors):
        info = run_json([ctx.tool, "export-vectors", d, vectors])
        ctx.vector_info = info
    else:
        ctx.vector_info = None
    k = 50
    sw_out, py_out = ctx.path("topk-swift.txt"), ctx.path("topk-scipy.txt")
    a = run_json([ctx.tool, "topk", vectors, "--k", str(k), "--out", sw_out])
    b = run_json([PY, os.path.join(HERE, "topk_scipy.py"), vectors, "--k", str(k), "--out", py_out])
    exact, bad = topk_agree(read_topk(sw_out), read_topk(py_out))
    n = len(read_topk(sw_out))
    ctx.notes.append(f"top-k (k = {k}): {n} queries, {exact} identical sets, {n - exact - bad} equal up to ties at "
                     f"the k-th score, {bad} different")
    t = alternate(ctx, [
        ("swift", lambda: run_json([ctx.tool, "topk", vectors, "--k", str(k)])),
        ("swift2", lambda: run_json([ctx.tool, "topk", vectors, "--k", str(k), "--threads", "2"])),
        ("scipy", lambda: run_json([PY, os.path.join(HERE, "topk_scipy.py"), vectors, "--k", str(k)])),
    ], ctx.runs)
    src = "Chongqing set" if ctx.smoke else f"{scale} scale"
    info = f"{src}, k = {k}"
    add_row(ctx, f"top-k, {info}", "Swift 1 thread", t["swift"], "scipy CSR product + argpartition", t["scipy"],
            "≥ 3×", lambda r: r >= 3, bad == 0)
    add_row(ctx, f"top-k, {info}", "Swift 2 threads", t["swift2"], "scipy CSR product + argpartition", t["scipy"],
            "≥ 3×", lambda r: r >= 3, bad == 0, by="wall")


# --- min-cost flow -------------------------------------------------------------------------------

def flow_pair(ctx):
    sizes = [("small", 300, 100, 10)] if ctx.smoke else [("small", 300, 100, 10), ("large", 30_000, 10_000, 35)]
    for name, s, d, a in sizes:
        f = ctx.path(f"transport-{s}x{d}x{a}.dimacs")
        if not os.path.exists(f):
            run_json([ctx.tool, "export-dimacs", "--sources", str(s), "--sinks", str(d), "--arcs", str(a), f])
        arcs = s * (a + 1) + d
        sw = run_json([ctx.tool, "flow", f])
        ot = run_json([PY, os.path.join(HERE, "flow_ortools.py"), f])
        same = sw["cost"] == ot["cost"] and sw["optimal"] == 1 and ot["optimal"] == 1
        note = f"min-cost flow {s}×{d}×{a} (~{arcs:,} arcs): Swift cost {sw['cost']}, OR-Tools {ot['cost']}"
        sides = [("swift", lambda: run_json([ctx.tool, "flow", f])),
                 ("ortools", lambda: run_json([PY, os.path.join(HERE, "flow_ortools.py"), f]))]
        if ctx.lemon:
            sides.append(("lemon", lambda: run_json([ctx.lemon, f])))
        if name == "small":
            nx = run_json([PY, os.path.join(HERE, "flow_ortools.py"), f, "--networkx"])
            same = same and nx["cost"] == sw["cost"]
            note += f", networkx {nx['cost']}"
            sides.append(("networkx", lambda: run_json([PY, os.path.join(HERE, "flow_ortools.py"), f, "--networkx"])))
        ctx.notes.append(note + (" — identical" if same else " — DIFFERENT"))
        answers = {}
        t = alternate(ctx, sides, ctx.runs, answers)
        what = f"min-cost flow, transportation {s:,}×{d:,}×{a} (~{arcs:,} arcs)"
        add_row(ctx, what, "Swift network simplex", t["swift"], "OR-Tools SimpleMinCostFlow", t["ortools"],
                "≥ 1.0× OR-Tools", lambda r: r >= 1.0, same)
        if "networkx" in t:
            add_row(ctx, what, "Swift network simplex", t["swift"], "networkx network_simplex", t["networkx"],
                    "—", lambda r: True, same)
        lemon_row(ctx, what, sw, t, answers)
    flow_national_allocation(ctx)


def lemon_row(ctx, what, sw, t, answers):
    """The LEMON side of a flow pair, when it was measured: a row, and a note of its cost (every timed
    run must be optimal at Swift's cost)."""
    if "lemon" not in t:
        return
    les = answers["lemon"]
    same = all(le["cost"] == sw["cost"] and le["optimal"] == 1 for le in les)
    costs = "/".join(sorted({str(le["cost"]) for le in les}))
    ctx.notes.append(f"{what}: LEMON cost {costs}" + (" — identical to Swift's" if same else " — DIFFERENT"))
    add_row(ctx, what, "Swift network simplex", t["swift"], "LEMON NetworkSimplex (C++)", t["lemon"], "—",
            lambda r: True, same)


def flow_national_allocation(ctx):
    """The plan's own allocation network at national scale (`plan --write-network`), solved by
    `chanjiao flow` and by OR-Tools: the instance the plan really solves."""
    if ctx.smoke:
        return
    f = ctx.path("allocation-national.dimacs")
    if not os.path.exists(f):
        d = ctx.generate("national")
        out = ctx.path("plan-national-network-out")
        p = subprocess.run([ctx.chanjiao, "plan", d, "--out", out, "--write-network", f], capture_output=True,
                           text=True, env={**os.environ, "CHANJIAO_CATALOGS": ctx.catalogs})
        if p.returncode != 0:
            raise SystemExit(f"plan --write-network failed: {p.stderr[-2000:]}")
    with open(f) as fh:
        header = fh.readline().split()
    nodes, arcs = int(header[2]), int(header[3])
    sw = run_json([ctx.tool, "flow", f])
    ot = run_json([PY, os.path.join(HERE, "flow_ortools.py"), f])
    same = sw["cost"] == ot["cost"] and sw["optimal"] == 1 and ot["optimal"] == 1
    ctx.notes.append(f"national allocation network ({nodes:,} nodes, {arcs:,} arcs): Swift cost {sw['cost']}, "
                     f"OR-Tools {ot['cost']}" + (" — identical" if same else " — DIFFERENT"))
    sides = [("swift", lambda: run_json([ctx.tool, "flow", f])),
             ("ortools", lambda: run_json([PY, os.path.join(HERE, "flow_ortools.py"), f]))]
    if ctx.lemon:
        sides.append(("lemon", lambda: run_json([ctx.lemon, f])))
    answers = {}
    t = alternate(ctx, sides, max(1, min(ctx.runs, 3)), answers)
    what = f"min-cost flow, national plan's allocation network ({arcs:,} arcs)"
    add_row(ctx, what, "Swift network simplex", t["swift"], "OR-Tools SimpleMinCostFlow", t["ortools"],
            "≥ 2× OR-Tools", lambda r: r >= 2.0, same)
    lemon_row(ctx, what, sw, t, answers)


FAMILIES = ["general", "grid", "transport-dense", "transport-sparse", "assignment", "netgen", "allocation"]
FAMILY_SIZES = ["tiny", "small", "large"]
FAMILY_WHAT = re.compile(r"^min-cost flow family (\S+), (\S+) \(")
FAMILY_NOTE = re.compile(r"^flow family (\S+) (\S+) \(")


def flow_families(ctx):
    """The seeded families of Benchmarks/flow_families.py at two sizes (about 10^5 and 10^6 arcs;
    `--smoke`: tiny), each solved by Swift, OR-Tools and, when built, LEMON (`--lemon PATH`,
    peers/flow_lemon.cc), with every peer's optimal cost checked against Swift's."""
    sizes = ["tiny"] if ctx.smoke else ctx.family_sizes
    gen = os.path.join(HERE, "..", "flow_families.py")
    ortools = os.path.join(HERE, "flow_ortools.py")
    for family in ctx.families:
        for size in sizes:
            f = ctx.path(f"family-{family}-{size}.dimacs")
            if not os.path.exists(f):
                run_json([PY, gen, family, size, f + ".tmp", "--seed", "1"])
                os.replace(f + ".tmp", f)
            with open(f) as fh:
                header = next(l for l in fh if l.startswith("p ")).split()
            nodes, arcs = int(header[2]), int(header[3])
            sides = [("swift", lambda: run_json([ctx.flow_tool, "flow", f])),
                     ("ortools", lambda: run_json([PY, ortools, f]))]
            if ctx.lemon:
                sides.append(("lemon", lambda: run_json([ctx.lemon, f])))
            runs = ctx.runs if size != "large" else max(1, min(ctx.runs, 3))
            # The answers are those of the timed runs (no extra untimed solve): every run of every
            # side must be optimal at Swift's cost.
            answers = {}
            t = alternate(ctx, sides, runs, answers)
            sw = answers["swift"][0]
            same = all(r["optimal"] == 1 and r["cost"] == sw["cost"] for rs in answers.values() for r in rs)
            costs = ", ".join(f"{name} {'/'.join(sorted({str(r['cost']) for r in rs}))}" for name, rs in answers.items())
            ctx.notes.append(f"flow family {family} {size} ({nodes:,} nodes, {arcs:,} arcs): {costs}"
                             + (" — identical" if same else " — DIFFERENT"))
            what = f"min-cost flow family {family}, {size} ({arcs:,} arcs)"
            add_row(ctx, what, "Swift network simplex", t["swift"], "OR-Tools SimpleMinCostFlow", t["ortools"],
                    "≥ 1.0×", lambda r: r >= 1.0, same)
            if "lemon" in t:
                add_row(ctx, what, "Swift network simplex", t["swift"], "LEMON NetworkSimplex (C++)", t["lemon"],
                        "—", lambda r: True, same)


def family_key(what):
    """(family, size) of a flowfam row's `what` or note, or None for other rows."""
    m = FAMILY_WHAT.match(what) or FAMILY_NOTE.match(what)
    return (m.group(1), m.group(2)) if m else None


def family_order(key):
    family, size = key
    return (FAMILIES.index(family) if family in FAMILIES else len(FAMILIES),
            FAMILY_SIZES.index(size) if size in FAMILY_SIZES else len(FAMILY_SIZES))


def merge_families(old, new):
    """A narrowed flowfam run (--families, --sizes) replaces only the instances it measured: rows
    and notes of the other instances are kept from `old`, each row with its own `when`."""
    if not old:
        return new
    fresh = {family_key(r["what"]) for r in new["rows"]}
    rows = [r for r in old["rows"] if family_key(r["what"]) not in fresh] + new["rows"]
    notes = [n for n in old["notes"] if family_key(n) not in fresh] + new["notes"]
    for r in old["rows"]:
        r.setdefault("when", old["when"])
    rows.sort(key=lambda r: family_order(family_key(r["what"])))
    notes.sort(key=lambda n: family_order(family_key(n)))
    return {**new, "rows": rows, "notes": notes}


# --- stable matching -----------------------------------------------------------------------------

def stable_pair(ctx):
    r, h, l = (500, 20, 5) if ctx.smoke else (ctx.stable_residents, 200, 10)
    f = ctx.path(f"hr-{r}x{h}x{l}.txt")
    if not os.path.exists(f):
        run_json([ctx.tool, "export-da", "--residents", str(r), "--hospitals", str(h), "--length", str(l), f])
    sw_out, py_out = ctx.path("hr-swift.txt"), ctx.path("hr-matching.txt")
    run_json([ctx.tool, "da", f, "--out", sw_out])
    m = run_json([PY, os.path.join(HERE, "stable_matching.py"), f, "--out", py_out])
    same = open(sw_out).read() == open(py_out).read()
    ctx.notes.append(f"stable matching {r:,} residents × {h} hospitals × {l} choices: "
                     f"{'identical' if same else 'DIFFERENT'} resident-optimal matchings ({m['matched']:,} pairs)")
    t = alternate(ctx, [("swift", lambda: run_json([ctx.tool, "da", f])),
                        ("matching", lambda: run_json([PY, os.path.join(HERE, "stable_matching.py"), f]))],
                  ctx.runs)
    add_row(ctx, f"stable matching, {r:,} residents × {h} hospitals × {l}", "Swift deferred acceptance", t["swift"],
            "matching HospitalResident.solve", t["matching"], "≥ 50×", lambda x: x >= 50, same)


# --- national plan -------------------------------------------------------------------------------

def plan_national(ctx):
    d = ctx.generate("national")
    out = ctx.path("plan-national-out")
    cmd = ["/usr/bin/time", "-v", ctx.chanjiao, "plan", d, "--out", out]
    results = []
    for _ in range(max(1, min(ctx.runs, 3))):
        p = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "CHANJIAO_CATALOGS": ctx.catalogs})
        if p.returncode != 0:
            raise SystemExit(f"plan failed: {p.stderr[-2000:]}")
        wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", p.stderr).group(1)
        parts = [float(x) for x in wall.split(":")]
        secs = sum(x * 60 ** i for i, x in enumerate(reversed(parts)))
        rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
        user = float(re.search(r"User time \(seconds\): (\S+)", p.stderr).group(1))
        summary = [l for l in p.stderr.splitlines() if l.startswith("plan:")]
        results.append((secs, rss_kb, user, summary[0] if summary else ""))
        log(f"  national plan: {secs:.1f} s wall, {user:.1f} s user, {rss_kb / 1048576:.2f} GiB peak")
    secs = med([r[0] for r in results])
    rss = max(r[1] for r in results) / 1048576
    ctx.extra.append(("national plan end to end (`chanjiao plan`, release, /usr/bin/time -v)",
                      f"{secs:.1f} s wall (median of {len(results)}), {med([r[2] for r in results]):.1f} s user",
                      "≤ 60 s", "met" if secs <= 60 else f"missed by {secs - 60:.0f} s"))
    ctx.extra.append(("national plan peak memory", f"{rss:.2f} GiB maximum RSS", "≤ 4 GiB",
                      "met" if rss <= 4 else f"missed by {rss - 4:.2f} GiB"))
    # The summary names the output folder; a machine path does not belong in BENCHMARKS.md.
    ctx.notes.append("national plan: " + results[0][3].replace(out, "OUT").replace(d, "IN"))


# --- report --------------------------------------------------------------------------------------

def cpu_model():
    """The processor's model name (kept with each step's results: the pairs of a report may come
    from runs on different machines)."""
    try:
        out = subprocess.run("lscpu", capture_output=True, text=True).stdout
    except Exception:
        return "?"
    return next((l.split(":", 1)[1].strip() for l in out.splitlines() if l.startswith("Model name:")), "?")


def machine():
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
        except Exception:
            return "?"
    cpu = cpu_model()
    cores = os.cpu_count()
    mem = sh("free -g | awk '/Mem:/ {print $2}'")
    load = os.getloadavg()
    swift = sh("swift --version 2>&1 | head -1")
    xmllint = sh("xmllint --version 2>&1 | head -1")
    import importlib.metadata as md
    peers = ", ".join(f"{p} {md.version(p)}" for p in ("lxml", "numpy", "scipy", "ortools", "networkx", "matching"))
    return [
        f"- CPU: {cpu}, {cores} cores, {mem} GiB memory (shared with other builds; load average "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end of the run)",
        f"- OS: {platform.platform()}",
        f"- {swift}; release builds (`swift build -c release`)",
        f"- Python {platform.python_version()}: {peers}; {xmllint}",
    ]


def family_table(rows):
    """The flowfam rows as one line per instance: Swift, OR-Tools and LEMON CPU seconds (medians)
    and the ratios peer / Swift."""
    by = {}
    for r in rows:
        key = family_key(r["what"])
        if key:
            by.setdefault(key, []).append(r)
    if not by:
        return []
    lines = ["", "## Min-cost flow families", "",
             "Seeded instances of `Benchmarks/flow_families.py` (Guides/Benchmarks.md), CPU seconds of the solve "
             "(medians); ratio = peer / Swift.", "",
             "| family | size | arcs | Swift CPU (s) | OR-Tools CPU (s) | ratio | LEMON CPU (s) | ratio | "
             "same optimal cost | runs | measured |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|"]
    for key in sorted(by, key=family_order):
        rs = by[key]
        arcs = re.search(r"\(([\d,]+) arcs\)", rs[0]["what"]).group(1)
        ot = next((r for r in rs if r["peer"].startswith("OR-Tools")), None)
        le = next((r for r in rs if r["peer"].startswith("LEMON")), None)
        cell = lambda r: (f"{r['peer_cpu']:.3f} | {r['ratio_cpu']:.2f}×" if r else "— | —")
        lines.append(f"| {key[0]} | {key[1]} | {arcs} | {rs[0]['swift_cpu']:.3f} | {cell(ot)} | {cell(le)} | "
                     f"{'yes' if all(r['agree'] for r in rs) else 'NO'} | {rs[0]['runs']} | {rs[0].get('when', '')} |")
    return lines


def write_report(ctx, path, argv):
    lines = ["# Benchmarks", "",
             "Measured by `Benchmarks/compare` (pairs measured: " + "; ".join(ctx.when) + "). "
             "Each side is its own process and times only its own work (see `Guides/Benchmarks.md`); runs "
             "alternate between the sides; figures are medians. "
             "Ratio = peer time / Swift time (above 1: Swift is faster); goals are judged on CPU time, which "
             "the load of the shared machine distorts least, except for multi-threaded rows (wall).", "", "## Machine", ""]
    lines += machine()
    elsewhere = [f"{name} on {cpu}" for name, cpu in ctx.cpus if cpu != cpu_model()]
    if elsewhere:
        lines.append("- Measured on another machine: " + "; ".join(elsewhere))
    lines += ["", "## Pairs", "",
              "| work | Swift | Swift CPU (s) | Swift wall (s) | peer | peer CPU (s) | peer wall (s) | ratio CPU | "
              "ratio wall | goal | goal met | answers agree |",
              "|---|---|---:|---:|---|---:|---:|---:|---:|---|---|---|"]
    for r in ctx.rows:
        if family_key(r["what"]):
            continue  # in their own table below
        met = ("yes" if r["goal_ok"] else "no") + (" (wall)" if r["by"] == "wall" else "")
        lines.append(f"| {r['what']} | {r['swift']} | {r['swift_cpu']:.4f} | {r['swift_s']:.4f} | {r['peer']} | "
                     f"{r['peer_cpu']:.4f} | {r['peer_s']:.4f} | {r['ratio_cpu']:.2f}× | {r['ratio']:.2f}× | "
                     f"{r['goal']} | {met} | {'yes' if r['agree'] else 'NO'} |")
    if ctx.extra:
        lines += ["", "## Other goals", "", "| measure | figure | goal | |", "|---|---|---|---|"]
        for m, fig, goal, ok in ctx.extra:
            lines.append(f"| {m} | {fig} | {goal} | {ok} |")
    lines += family_table(ctx.rows)
    lines += ["", "## Answers", ""] + [f"- {n}" for n in ctx.notes]
    text = "\n".join(lines) + "\n"
    print(text)
    if path:
        # Keep the hand-written analysis below the generated part.
        tail = ""
        if os.path.exists(path):
            old = open(path, encoding="utf-8").read()
            marker = "\n## Analysis"
            if marker in old:
                tail = old[old.index(marker):]
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text + tail)
        log(f"wrote {path}")



# --- self-check (CI) ------------------------------------------------------------------------------

def ssp_min_cost_flow(n, arcs, supply):
    """Successive shortest paths with Bellman–Ford, in plain Python: an independent solver for
    tiny instances. arcs: (tail, head, capacity, cost); returns the optimal cost or None."""
    graph = [[] for _ in range(n + 2)]
    def add(u, v, cap, cost):
        graph[u].append([v, cap, cost, len(graph[v])])
        graph[v].append([u, 0, -cost, len(graph[u]) - 1])
    s, t = n, n + 1
    need = 0
    for v, b in enumerate(supply):
        if b > 0:
            add(s, v, b, 0)
            need += b
        elif b < 0:
            add(v, t, -b, 0)
    for u, v, cap, cost in arcs:
        add(u, v, cap, cost)
    total = flow = 0
    while flow < need:
        dist = [None] * (n + 2)
        prev = [None] * (n + 2)
        dist[s] = 0
        for _ in range(n + 2):
            changed = False
            for u in range(n + 2):
                if dist[u] is None:
                    continue
                for i, (v, cap, cost, _) in enumerate(graph[u]):
                    if cap > 0 and (dist[v] is None or dist[u] + cost < dist[v]):
                        dist[v] = dist[u] + cost
                        prev[v] = (u, i)
                        changed = True
            if not changed:
                break
        if dist[t] is None:
            return None
        push, v = need - flow, t
        while v != s:
            u, i = prev[v]
            push = min(push, graph[u][i][1])
            v = u
        v = t
        while v != s:
            u, i = prev[v]
            graph[u][i][1] -= push
            graph[v][graph[u][i][3]][1] += push
            v = u
        flow += push
        total += push * dist[t]
    return total


def self_check(root):
    """What CI runs (seconds, no third-party packages): the answer checks of this script against
    known cases, and `chanjiao flow` against the independent solver above on small transportation
    instances shaped like the plan's allocation network."""
    import random
    import tempfile
    binary = next((p for p in (os.path.join(root, ".build", d, "chanjiao") for d in ("debug", "release"))
                   if os.path.exists(p)), None)
    if binary is None:
        raise SystemExit("self-check: build chanjiao first (swift build)")
    rng = random.Random(2026)
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in range(25):
            programs, roles = rng.randint(1, 7), rng.randint(1, 6)
            source, sink = 0, 1
            n = 2 + programs + roles
            arcs, total = [], 0
            for p in range(programs):
                a = rng.randint(0, 30)
                total += a
                arcs.append((source, 2 + p, a, 0))
            for r in range(roles):
                h = rng.randint(1, 20)
                arcs.append((2 + programs + r, sink, h, 0))
                for p in rng.sample(range(programs), rng.randint(0, programs)):
                    arcs.append((2 + p, 2 + programs + r, h, -rng.randint(0, 10_000)))
            arcs.append((source, sink, total, 0))
            supply = [0] * n
            supply[source], supply[sink] = total, -total
            path = os.path.join(tmp, f"case{case}.dimacs")
            with open(path, "w") as fh:
                fh.write(f"p min {n} {len(arcs)}\n")
                if total:
                    fh.write(f"n {source + 1} {total}\nn {sink + 1} {-total}\n")
                for u, v, cap, cost in arcs:
                    fh.write(f"a {u + 1} {v + 1} 0 {cap} {cost}\n")
            p = subprocess.run([binary, "flow", path], capture_output=True, text=True)
            got = int(p.stdout.split()[1]) if p.returncode == 0 and p.stdout.startswith("s ") else None
            want = ssp_min_cost_flow(n, arcs, supply)
            if got != want:
                raise SystemExit(f"self-check: case {case}: chanjiao flow {got}, independent solver {want}")
            checked += 1
    a = [[(1, 0.9), (2, 0.5)], [(3, 0.7), (4, 0.4)]]
    tie = [[(1, 0.9), (2, 0.5)], [(3, 0.7), (5, 0.4)]]
    wrong = [[(1, 0.9), (2, 0.5)], [(6, 0.7), (4, 0.4)]]
    if topk_agree(a, a) != (2, 0) or topk_agree(a, tie) != (1, 0) or topk_agree(a, wrong)[1] != 1:
        raise SystemExit("self-check: topk_agree misjudges a known case")
    print(json.dumps({"self_check": "ok", "flow_cases": checked, "binary": os.path.relpath(binary, root)}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--runs", type=int)
    ap.add_argument("--only", default="")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--report", action="store_true", help="measure nothing; rewrite BENCHMARKS.md from the kept results")
    ap.add_argument("--residents", type=int, default=10_000)
    ap.add_argument("--lemon", default="", help="a flow_lemon binary (peers/flow_lemon.cc built against LEMON)")
    ap.add_argument("--families", default=",".join(FAMILIES), help="flow families to run (flowfam step)")
    ap.add_argument("--sizes", default="small",
                    help="flow family sizes: tiny, small, large (large: about an hour for all families)")
    ap.add_argument("--flow-tool", default="", help="binary answering like `BenchTool flow FILE` (default BenchTool)")
    ap.add_argument("--self-check", action="store_true", help="CI: check the answer checks and `chanjiao flow` in seconds")
    args = ap.parse_args()
    if args.self_check:
        self_check(args.root)
        return
    ctx = Ctx(args)
    ctx.stable_residents = args.residents
    ctx.lemon = args.lemon
    ctx.families = [x for x in args.families.split(",") if x]
    ctx.family_sizes = [x for x in args.sizes.split(",") if x]
    ctx.flow_tool = args.flow_tool or ctx.tool
    if not args.report and not shutil.which("xmllint") and set(args.only.split(",")) - {"flow", "flowfam"}:
        raise SystemExit("xmllint not found: apt-get install libxml2-utils")
    default = ["flow", "flowfam", "ingest", "topk", "stable"] + ([] if args.smoke else ["plan"])
    only = [] if args.report else ([x for x in args.only.split(",") if x] or default)
    steps = {"ingest": ingest_pairs, "topk": topk_pair, "flow": flow_pair, "flowfam": flow_families, "stable": stable_pair,
             "plan": plan_national}
    t0 = time.perf_counter()
    # Results are kept per step in Benchmarks/results.json (committed: BENCHMARKS.md is written from
    # it) or .inputs/results-smoke.json, so that `--only` re-measures some pairs and the report still
    # shows the others' last measurement (with its date).
    store = ctx.path("results-smoke.json") if args.smoke else os.path.join(args.root, "Benchmarks", "results.json")
    saved = json.load(open(store)) if os.path.exists(store) else {}
    for name in only:
        log(f"== {name}")
        before = (len(ctx.rows), len(ctx.extra), len(ctx.notes))
        steps[name](ctx)
        when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        step = {"when": when, "runs": ctx.runs, "cpu": cpu_model(),
                "rows": ctx.rows[before[0]:], "extra": ctx.extra[before[1]:], "notes": ctx.notes[before[2]:]}
        if name == "flowfam":
            for r in step["rows"]:
                r["when"] = when
            step = merge_families(saved.get(name), step)
        saved[name] = step
        with open(store + ".tmp", "w") as fh:
            json.dump(saved, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
        os.replace(store + ".tmp", store)
    log(f"done in {time.perf_counter() - t0:.0f} s")
    ctx.rows, ctx.extra, ctx.notes, ctx.when, ctx.cpus = [], [], [], [], []
    for name in ["flow", "flowfam", "ingest", "topk", "stable", "plan"]:
        if name in saved:
            ctx.rows += saved[name]["rows"]
            ctx.extra += [tuple(x) for x in saved[name]["extra"]]
            ctx.notes += saved[name]["notes"]
            ctx.cpus.append((name, saved[name].get("cpu", "?")))
            if name == "flowfam":
                ctx.when.append("flowfam (each instance's date and runs in its table)")
            else:
                ctx.when.append(f"{name} {saved[name]['when']} ({saved[name]['runs']} runs)")
    argv = [a for a in sys.argv[1:] if not a.startswith("--root") and a != args.root and a != "--no-build"]
    out = None if args.no_write or args.smoke else os.path.join(args.root, "BENCHMARKS.md")
    write_report(ctx, out, argv)
    if any(not r["agree"] for r in ctx.rows):
        log("answers DISAGREE (see above)")
        sys.exit(1)


if __name__ == "__main__":
    main()
