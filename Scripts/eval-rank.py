#!/usr/bin/env python3
"""Evaluates `chanjiao rank` against the MoE 职业面向 links (Catalogs/sources/major_occupation_map.csv).

For every (education level, occupation 细类) pair linked to at least one major of that level, it
builds a probe role described by name and skills only (the occupation's name and its task terms
from Catalogs/occupations.xml, no occupation code), ranks the catalog's majors at that level, and
counts how often a linked major is in the top 10 (hit@10) and first (hit@1). It also reports the
naive baseline: character-bigram overlap between the occupation name and the major names.

With --employer FILE (Tests/PlannerTests/Fixtures/employer-roles.tsv) it evaluates instead on
roles written as employers write them — a title and ｜-separated phrases, no occupation code — with
the majors the MoE map links to each role's occupation at its level as the truth, and prints
recall@10 and MRR@10 with the titles and from the phrases alone (the first phrase standing in for
the title).

With --without-new the majors added to the catalog after 2021 (`added` in majors.xml, whose terms
and links the project derived from their siblings) are dropped from each ranking before it is
scored: the MoE map predates them, so one ranked above a linked sibling counts as a miss that the
map cannot judge. This isolates how the linked majors themselves rank.

Usage: Scripts/eval-rank.py [--binary .build/release/chanjiao] [--limit N] [--employer FILE] [--without-new]
"""
import argparse, collections, csv, os, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--binary", default=os.path.join(root, ".build/release/chanjiao"))
ap.add_argument("--limit", type=int, default=0)
ap.add_argument("--data", default=os.path.join(root, "Catalogs/sources"), help="folder holding major_occupation_map.csv")
ap.add_argument("--employer", help="TSV of employer-style roles (id, level, occupation, title, phrases)")
ap.add_argument("--without-new", action="store_true", help="drop majors added after 2021 from the rankings before scoring")
ap.add_argument("--no-link-text", action="store_true", help="pass --no-link-text to rank (no leakage from the links)")
args = ap.parse_args()

LEVEL = {"中职": "secondary", "高职专科": "higher", "高职": "higher", "职教本科": "bachelor", "职业本科": "bachelor"}
ROLE_LEVEL = {"secondary": "operator", "higher": "technician", "bachelor": "engineer"}
ns = {"o": "urn:chanjiao:occupations:1", "m": "urn:chanjiao:majors:1"}
occ = {}
for o in ET.parse(os.path.join(root, "Catalogs/occupations.xml")).getroot().findall("o:occupation", ns):
    occ[o.get("code")] = (o.get("name"), [t.text for t in o.findall("o:term", ns)])
majors = {}
new_majors = set()  # added after 2021 (`added` in majors.xml)
for m in ET.parse(os.path.join(root, "Catalogs/majors.xml")).getroot().iter("{urn:chanjiao:majors:1}major"):
    majors[m.get("code")] = (m.get("name"), m.get("level"))
    if m.get("added"):
        new_majors.add(m.get("code"))
TOP = "40" if args.without_new else "10"
def kept(codes):
    return [c for c in codes if not (args.without_new and c in new_majors)]

links = collections.defaultdict(set)
with open(os.path.join(args.data, "major_occupation_map.csv"), encoding="utf-8") as f:
    for row in csv.DictReader(f):
        level = LEVEL.get(row["level"])
        code = row["occupation_code"]
        if level is None or code.endswith("-00") or code not in occ or row["major_code"] not in majors:
            continue
        links[(level, code)].add(row["major_code"])
def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")

def rank_file(path):
    res = subprocess.run([args.binary, "rank", path, "--top", TOP] + (["--no-link-text"] if args.no_link_text else []), capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(res.stderr)
    ranked = collections.defaultdict(list)
    for line in res.stdout.splitlines():
        rid, rank, code, score = line.split("\t")
        ranked[rid].append(code)
    return {k: kept(v) for k, v in ranked.items()}

if args.employer:
    roles = []
    with open(args.employer, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rid, level, code, title, phrases = line.rstrip("\n").split("\t")
            roles.append((rid, level, code, title, [p for p in phrases.split("｜") if p]))
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("titles", "phrases"):
            path = os.path.join(tmp, mode + ".xml")
            with open(path, "w", encoding="utf-8") as out:
                out.write('<demand xmlns="urn:chanjiao:demand:1" id="employer" submitter="eval" cluster="c33618-auto-nev" period="eval">\n')
                for rid, level, code, title, phrases in roles:
                    name, skills = (title, phrases) if mode == "titles" else (phrases[0], phrases[1:])
                    out.write(f'  <role id="{rid}" name="{esc(name)}" level="{ROLE_LEVEL[level]}" headcount="1" educationLevel="{level}">\n')
                    for t in skills:
                        out.write(f"    <skill>{esc(t)}</skill>\n")
                    out.write("  </role>\n")
                out.write("</demand>\n")
            ranked = rank_file(path)
            hit = rr = 0.0
            for rid, level, code, title, phrases in roles:
                truth = links[(level, code)]
                got = ranked.get(rid, [])[:10]
                pos = next((i for i, c in enumerate(got) if c in truth), None)
                hit += pos is not None
                rr += 0 if pos is None else 1 / (pos + 1)
            results[mode] = (hit / len(roles), rr / len(roles))
    missing = [r[0] for r in roles if not links[(r[1], r[2])]]
    print(f"employer-style roles: {len(roles)} ({len(missing)} without MoE links: {' '.join(missing)})")
    for mode, (rec, mrr) in results.items():
        print(f"{mode:8s} recall@10 {rec:.3f}  MRR@10 {mrr:.3f}")
    sys.exit(0)

probes = sorted(links)
if args.limit:
    probes = probes[: args.limit]

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "probes.xml")
    with open(path, "w", encoding="utf-8") as out:
        out.write('<demand xmlns="urn:chanjiao:demand:1" id="probe" submitter="eval" cluster="c33618-auto-nev" period="eval">\n')
        for i, (level, code) in enumerate(probes):
            name, tasks = occ[code]
            out.write(f'  <role id="p{i}" name="{esc(name)}" level="{ROLE_LEVEL[level]}" headcount="1" educationLevel="{level}">\n')
            for t in tasks[:12]:
                out.write(f"    <skill>{esc(t)}</skill>\n")
            out.write("  </role>\n")
        out.write("</demand>\n")
    res = subprocess.run([args.binary, "rank", path, "--top", TOP] + (["--no-link-text"] if args.no_link_text else []), capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(res.stderr)
ranked = collections.defaultdict(list)
for line in res.stdout.splitlines():
    rid, rank, code, score = line.split("\t")
    ranked[int(rid[1:])].append(code)

def bigrams(s):
    return {s[i : i + 2] for i in range(len(s) - 1)} or {s}

hit10 = hit1 = base10 = 0
for i, key in enumerate(probes):
    linked = links[key]
    got = kept(ranked.get(i, []))
    hit10 += bool(linked & set(got[:10]))
    hit1 += bool(got[:1] and got[0] in linked)
    name = occ[key[1]][0]
    pool = [c for c, (n, l) in majors.items() if l == key[0]]
    pool.sort(key=lambda c: (-len(bigrams(name) & bigrams(majors[c][0])), c))
    base10 += bool(linked & set(pool[:10]))
n = len(probes)
print(f"probes: {n} (level, occupation) pairs with MoE links")
print(f"chanjiao rank: hit@10 {hit10 / n:.3f}, hit@1 {hit1 / n:.3f}")
print(f"baseline (name bigram overlap): hit@10 {base10 / n:.3f}")
