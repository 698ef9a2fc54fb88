"""Shared helpers for the peer benchmark scripts: arguments, TSV reading, clocks, memory probes, JSON output.

Every script prints exactly one JSON object on stdout; timings are in milliseconds and cover the
algorithm call only (graph building is reported separately as loadMs).
"""
import argparse
import gc
import json
import os
import platform
import resource
import sys
import time

clock_ns = time.perf_counter_ns
intern = sys.intern


def emit(obj):
    sys.stdout.write(json.dumps(obj))
    sys.stdout.write("\n")
    sys.stdout.flush()


def parser(description):
    p = argparse.ArgumentParser(description=description)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("probe")
    load = sub.add_parser("load")
    load.add_argument("--nodes", required=True)
    load.add_argument("--edges", required=True)
    load.add_argument("--mem", choices=["topology", "attributes"])
    suite = sub.add_parser("suite")
    suite.add_argument("--edges", required=True)
    suite.add_argument("--nodes", required=True)
    suite.add_argument("--pairs", action="append", default=[], help="label=file|warmupfile")
    suite.add_argument("--kpairs", help="file|warmupfile")
    suite.add_argument("--k", type=int, default=5)
    suite.add_argument("--hood", help="file|warmupfile")
    suite.add_argument("--depth", type=int, default=2)
    suite.add_argument("--budget-s", type=float, default=120.0, help="per task; stops early and reports how many ran")
    layout = sub.add_parser("layout")
    layout.add_argument("--edges", required=True)
    layout.add_argument("--nodes", required=True)
    layout.add_argument("--iterations", type=int, nargs=2, default=[1, 3], help="two counts; the per-iteration cost is the difference")
    analysis = sub.add_parser("analysis")
    analysis.add_argument("--edges", required=True)
    analysis.add_argument("--nodes", required=True)
    analysis.add_argument("--roles", required=True, help="JSON: relation signs and exposure roles, actor kinds")
    analysis.add_argument("--targets", required=True, help="exposure targets, one key per line")
    analysis.add_argument("--max-length", type=int, default=3)
    analysis.add_argument("--repeats", type=int, default=3)
    return p


CONFIDENCE_COST = {"reported": 1.0, "assessed": 2.0, "speculative": 4.0}


def read_analysis_input(args):
    """Node kinds, signed and exposure-relevant edges, as the analyses see them (the roles come from our vocabulary)."""
    with open(args.roles, encoding="utf8") as f:
        roles = json.load(f)
    kind = {row[0]: row[1] for row in read_node_rows(args.nodes)}
    edges = [(row[1], row[2], row[3] == "1", row[4], row[5]) for row in read_edge_rows(args.edges)]
    return roles, kind, edges


def signed_pairs(roles, kind, edges):
    """The signed projection over actors: pair -> sign (+1/-1), 0 when the pair has both signs (left out of triads)."""
    sign = roles["sign"]
    actor = set(roles["actorKinds"])
    pairs = {}
    for s, t, _undirected, relation, _confidence in edges:
        v = sign.get(relation, 0)
        if v == 0 or s == t or kind.get(s) not in actor or kind.get(t) not in actor:
            continue
        key = (s, t) if s < t else (t, s)
        old = pairs.get(key)
        pairs[key] = v if old is None or old == v else 0
    return pairs


def count_triads(adjacency, sign_of):
    """Degree-ordered node iterator: each triangle once; returns (balanced, unbalanced, all_negative)."""
    rank = {v: (len(n), v) for v, n in adjacency.items()}
    higher = {v: {w for w in n if rank[w] > rank[v]} for v, n in adjacency.items()}
    balanced = unbalanced = all_negative = 0
    for u, hu in higher.items():
        for v in hu:
            for w in hu & higher[v]:
                a, b, c = sign_of(u, v), sign_of(v, w), sign_of(u, w)
                if a * b * c > 0:
                    balanced += 1
                else:
                    unbalanced += 1
                    if a < 0 and b < 0 and c < 0:
                        all_negative += 1
    return balanced, unbalanced, all_negative


def exposure_inputs(roles, edges):
    """Holding relations (owner -> asset) and the reversed threat graph (asset -> actor) with evidence costs."""
    sign = roles["sign"]
    exposure = roles["exposure"]
    holds = {}
    reverse = []
    for s, t, undirected, relation, confidence in edges:
        role = exposure.get(relation)
        if role == "owns":
            holds.setdefault(s, []).append(t)
        elif role == "owned-by":
            holds.setdefault(t, []).append(s)
        if sign.get(relation, 0) < 0 or role == "conduit":
            cost = CONFIDENCE_COST.get(confidence, 4.0)
            reverse.append((t, s, cost))
            if undirected:
                reverse.append((s, t, cost))
    return holds, reverse


def assets_of(holds, target):
    seen = {target}
    frontier = [target]
    while frontier:
        nxt = []
        for owner in frontier:
            for asset in holds.get(owner, ()):
                if asset not in seen:
                    seen.add(asset)
                    nxt.append(asset)
        frontier = nxt
    return seen


def python_version():
    return platform.python_version()


def read_edge_rows(path):
    """Yields the TSV rows: key, source, target, undirected, relation, confidence, since, until, evidence."""
    with open(path, encoding="utf8") as f:
        for line in f:
            yield line.rstrip("\n").split("\t")


def read_node_rows(path):
    """Yields the TSV rows: key, kind, label, aliases, description, evidence, date."""
    with open(path, encoding="utf8") as f:
        for line in f:
            yield line.rstrip("\n").split("\t")


def read_ends(path):
    """Just (source, target) keys of every edge."""
    out = []
    with open(path, encoding="utf8") as f:
        for line in f:
            parts = line.split("\t", 3)
            out.append((parts[1], parts[2]))
    return out


def read_node_keys(path):
    with open(path, encoding="utf8") as f:
        return [line.split("\t", 1)[0] for line in f if line.strip()]


def parse_evidence(text):
    items = []
    for item in text.split(";"):
        if not item:
            continue
        source, locator, claim = item.split("|")
        items.append({"source": intern(source), "locator": intern(locator), "claim": intern(claim)})
    return items


def read_pairs(path):
    with open(path, encoding="utf8") as f:
        return [tuple(line.rstrip("\n").split("\t")) for line in f if line.strip()]


def read_keys(path):
    with open(path, encoding="utf8") as f:
        return [line.strip() for line in f if line.strip()]


def rss_bytes():
    """Current resident set size (Linux /proc), else the peak from getrusage."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def with_warmup(spec, read):
    """`file|warmupfile` → (items, warm-up items), both read with `read`."""
    main, _, warm = spec.partition("|")
    return read(main), read(warm) if warm else []


def timed_each(items, fn, warmup, budget_s):
    """Runs fn over the warm-up items untimed, then over items; returns (ms per item, results) for as many as fit in the budget."""
    for item in warmup:
        fn(item)
    times, results = [], []
    deadline = clock_ns() + int(budget_s * 1e9)
    for item in items:
        t = clock_ns()
        result = fn(item)
        times.append((clock_ns() - t) / 1e6)
        results.append(result)
        if clock_ns() > deadline:
            break
    return times, results


def collect():
    gc.collect()
    gc.collect()
