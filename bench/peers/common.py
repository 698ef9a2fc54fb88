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
    return p


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
