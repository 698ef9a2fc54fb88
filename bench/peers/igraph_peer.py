"""python-igraph peer for the actor-graph benchmarks (see bench/peers/common.py for the protocol)."""
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import igraph as ig  # noqa: E402

# igraph warns on every unreachable target; the warning text is noise here (no-path pairs are expected).
warnings.filterwarnings("ignore")


def index_edges(edges_path, nodes_path):
    """Vertex ids in node-list order (isolated nodes included) and the edges as id pairs."""
    ids = {key: i for i, key in enumerate(common.read_node_keys(nodes_path))}
    ends = []
    for source, target in common.read_ends(edges_path):
        a = ids.setdefault(source, len(ids))
        b = ids.setdefault(target, len(ids))
        ends.append((a, b))
    return ids, ends


def load(args):
    intern = common.intern
    if args.mem:
        import tracemalloc

        # The C core allocates outside Python's allocator: count it as the resident-set growth while the
        # graph is built (inputs already in memory), and the Python-side attribute lists with tracemalloc.
        ids, ends = index_edges(args.edges, args.nodes)
        node_rows = list(common.read_node_rows(args.nodes)) if args.mem == "attributes" else []
        edge_rows = list(common.read_edge_rows(args.edges)) if args.mem == "attributes" else []
        common.collect()
        rss0 = common.rss_bytes()
        g = ig.Graph(n=len(ids), edges=ends, directed=False)
        core = common.rss_bytes() - rss0
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        if args.mem == "attributes":
            order = [None] * len(ids)
            for row in node_rows:
                order[ids.get(row[0], 0)] = row
            g.vs["name"] = [r[0] if r else "" for r in order]
            g.vs["label"] = [r[2] if r else "" for r in order]
            g.vs["kind"] = [intern(r[1]) if r else "" for r in order]
            g.vs["aliases"] = [r[3].split("|") if r and r[3] else [] for r in order]
            g.vs["description"] = [r[4] if r else "" for r in order]
            g.vs["evidence"] = [common.parse_evidence(r[5]) if r else [] for r in order]
            g.vs["date"] = [(r[6] or None) if r else None for r in order]
            g.es["key"] = [r[0] for r in edge_rows]
            g.es["undirected"] = [r[3] == "1" for r in edge_rows]
            g.es["relation"] = [intern(r[4]) for r in edge_rows]
            g.es["confidence"] = [intern(r[5]) for r in edge_rows]
            g.es["since"] = [r[6] or None for r in edge_rows]
            g.es["until"] = [r[7] or None for r in edge_rows]
            g.es["evidence"] = [common.parse_evidence(r[8]) for r in edge_rows]
            del node_rows, edge_rows, order
        del ids, ends
        common.collect()
        traced = tracemalloc.get_traced_memory()[0] - base
        common.emit({"bytes": core + traced, "coreBytes": core, "attributeBytes": traced, "nodes": g.vcount(), "edges": g.ecount(), "method": "rss+tracemalloc"})
        return
    t = common.clock_ns()
    ids, ends = index_edges(args.edges, args.nodes)
    g = ig.Graph(n=len(ids), edges=ends, directed=False)
    order = [None] * len(ids)
    for row in common.read_node_rows(args.nodes):
        order[ids.get(row[0], 0)] = row
    g.vs["name"] = [r[0] if r else "" for r in order]
    g.vs["label"] = [r[2] if r else "" for r in order]
    g.vs["kind"] = [intern(r[1]) if r else "" for r in order]
    g.vs["aliases"] = [r[3].split("|") if r and r[3] else [] for r in order]
    g.vs["description"] = [r[4] if r else "" for r in order]
    g.vs["evidence"] = [common.parse_evidence(r[5]) if r else [] for r in order]
    g.vs["date"] = [(r[6] or None) if r else None for r in order]
    edge_rows = list(common.read_edge_rows(args.edges))
    g.es["key"] = [r[0] for r in edge_rows]
    g.es["undirected"] = [r[3] == "1" for r in edge_rows]
    g.es["relation"] = [intern(r[4]) for r in edge_rows]
    g.es["confidence"] = [intern(r[5]) for r in edge_rows]
    g.es["since"] = [r[6] or None for r in edge_rows]
    g.es["until"] = [r[7] or None for r in edge_rows]
    g.es["evidence"] = [common.parse_evidence(r[8]) for r in edge_rows]
    ms = (common.clock_ns() - t) / 1e6
    common.emit({"loadMs": ms, "nodes": g.vcount(), "edges": g.ecount()})


def suite(args):
    t = common.clock_ns()
    ids, ends = index_edges(args.edges, args.nodes)
    g = ig.Graph(n=len(ids), edges=ends, directed=False)
    g.simplify()
    out = {"loadMs": (common.clock_ns() - t) / 1e6, "paths": {}}

    def shortest(pair):
        path = g.get_shortest_paths(ids[pair[0]], to=ids[pair[1]], mode="all", output="vpath")[0]
        return len(path) - 1 if path else -1

    for spec in args.pairs:
        label, path = spec.split("=", 1)
        pairs, warm = common.with_warmup(path, common.read_pairs)
        times, lengths = common.timed_each(pairs, shortest, warm, args.budget_s)
        out["paths"][label] = {"times": times, "results": lengths}

    if args.kpairs and hasattr(g, "get_k_shortest_paths"):
        def k_shortest(pair):
            return [len(p) - 1 for p in g.get_k_shortest_paths(ids[pair[0]], to=ids[pair[1]], k=args.k, mode="all")]

        pairs, warm = common.with_warmup(args.kpairs, common.read_pairs)
        times, lengths = common.timed_each(pairs, k_shortest, warm, args.budget_s)
        out["kpaths"] = {"times": times, "results": lengths}

    if args.hood:
        keys, warm = common.with_warmup(args.hood, common.read_keys)

        def hood(key):
            members = g.neighborhood(ids[key], order=args.depth, mode="all")
            return g.induced_subgraph(members).vcount()

        times, sizes = common.timed_each(keys, hood, warm, args.budget_s)
        out["hood"] = {"times": times, "sizes": sizes}
    common.emit(out)


def layout(args):
    ids, ends = index_edges(args.edges, args.nodes)
    g = ig.Graph(n=len(ids), edges=ends, directed=False)
    totals = []
    for iterations in args.iterations:
        t = common.clock_ns()
        g.layout_fruchterman_reingold(niter=iterations)
        totals.append((common.clock_ns() - t) / 1e6)
    a, b = args.iterations
    common.emit({"totalsMs": totals, "iterations": args.iterations, "msPerIteration": (totals[1] - totals[0]) / (b - a), "nodes": g.vcount()})


def analysis(args):
    """Structural balance only: igraph lists triangles in C (Graph.list_triangles); it has no bounded multi-source search."""
    roles, kind, edges = common.read_analysis_input(args)
    out = {"balance": {"times": []}}
    for _ in range(args.repeats):
        common.collect()
        t = common.clock_ns()
        pairs = [(k, v) for k, v in common.signed_pairs(roles, kind, edges).items() if v != 0]
        ids = {}
        ends = [(ids.setdefault(a, len(ids)), ids.setdefault(b, len(ids))) for (a, b), _ in pairs]
        g = ig.Graph(n=len(ids), edges=ends, directed=False)
        g.es["sign"] = [v for _, v in pairs]
        balanced = unbalanced = all_negative = 0
        for a, b, c in g.list_triangles():
            s = [g.es[g.get_eid(x, y)]["sign"] for x, y in ((a, b), (b, c), (a, c))]
            if s[0] * s[1] * s[2] > 0:
                balanced += 1
            else:
                unbalanced += 1
                all_negative += all(x < 0 for x in s)
        out["balance"]["times"].append((common.clock_ns() - t) / 1e6)
        out["balance"]["counts"] = [balanced, unbalanced, all_negative]
    common.emit(out)


def main():
    args = common.parser(__doc__).parse_args()
    if args.command == "probe":
        common.emit({"library": "igraph", "version": ig.__version__, "python": common.python_version(), "executable": sys.executable})
    elif args.command == "load":
        load(args)
    elif args.command == "suite":
        suite(args)
    elif args.command == "layout":
        layout(args)
    elif args.command == "analysis":
        analysis(args)


if __name__ == "__main__":
    main()
