"""lxml peer of Chanjiao's colleges ingest: iterparse (streaming) building the same records as
Catalog's ingest (colleges; programs with attributes, occupation links, interned terms, years).
No schema validation in the timed loop (lxml's XMLSchema cannot validate while iterparsing).

usage: ingest_lxml.py FILE [--runs N]   -> one JSON line per run
"""
import json
import math
import sys
import time

from lxml import etree

NS = "{urn:chanjiao:colleges:1}"
COLLEGE, PROGRAM, OCCUPATION, TERM, YEAR = (NS + n for n in ("college", "program", "occupation", "term", "year"))


def f(a, k):
    v = a.get(k)
    return float(v) if v is not None else math.nan


def ingest(path):
    colleges, programs, term_ids, terms = [], [], {}, []
    program = None
    for event, el in etree.iterparse(path, events=("start", "end"), resolve_entities=False, no_network=True):
        tag = el.tag
        if event == "start":
            a = el.attrib
            if tag == COLLEGE:
                colleges.append((a["id"], a["name"], a["district"], a["type"]))
            elif tag == PROGRAM:
                major = a["major"]
                program = {
                    "id": a.get("id") or f"{colleges[-1][0]}/{major}",
                    "college": len(colleges) - 1,
                    "major": major,
                    "enrolment": int(a["enrolment"]),
                    "graduates": int(a["graduates"]),
                    "employmentRate": float(a["employmentRate"]),
                    "capacity": int(a["capacity"]),
                    "dualTeacherRatio": f(a, "dualTeacherRatio"),
                    "localRetention": f(a, "localRetention"),
                    "replaces": a.get("occupations") == "replace",
                    "occupations": [],
                    "terms": [],
                    "history": [],
                }
                programs.append(program)
            elif tag == OCCUPATION:
                program["occupations"].append(a["code"])
            elif tag == YEAR:
                program["history"].append(
                    (int(a["year"]), int(a.get("enrolment", 0)), int(a.get("graduates", 0)),
                     f(a, "employmentRate"), f(a, "firstChoiceRate")))
        else:
            if tag == TERM:
                t = (el.text or "").strip()
                i = term_ids.get(t)
                if i is None:
                    i = term_ids[t] = len(terms)
                    terms.append(t)
                program["terms"].append(i)
            elif tag == PROGRAM or tag == COLLEGE:
                # Free what has been read, as a streaming reader must.
                el.clear()
                if tag == COLLEGE:
                    while el.getprevious() is not None:
                        del el.getparent()[0]
    return colleges, programs


def main():
    path = sys.argv[1]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 1
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        colleges, programs = ingest(path)
        t, c = time.perf_counter() - t0, time.process_time() - c0
        print(json.dumps({
            "seconds": t, "cpu": c, "colleges": len(colleges), "programs": len(programs),
            "years": sum(len(p["history"]) for p in programs),
            "links": sum(len(p["occupations"]) + len(p["terms"]) for p in programs),
        }), flush=True)


if __name__ == "__main__":
    main()
