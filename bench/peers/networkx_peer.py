"""networkx peer for the actor-graph benchmarks (see bench/peers/common.py for the protocol)."""
import sys
import os
from itertools import islice

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

import networkx as nx  # noqa: E402


def build_topology(nodes_path, edges_path):
    g = nx.MultiGraph()
    g.add_nodes_from(common.read_node_keys(nodes_path))
    for row in common.read_edge_rows(edges_path):
        g.add_edge(row[1], row[2], key=row[0])
    return g


def build_attributes(nodes_path, edges_path):
    """The same content our loader keeps: node label/kind/aliases/description/evidence/date, edge relation/confidence/dates/evidence."""
    intern = common.intern
    g = nx.MultiGraph()
    for key, kind, label, aliases, description, evidence, date in common.read_node_rows(nodes_path):
        attrs = {
            "label": label,
            "kind": intern(kind),
            "aliases": aliases.split("|") if aliases else [],
            "description": description,
            "evidence": common.parse_evidence(evidence),
        }
        if date:
            attrs["date"] = date
        g.add_node(key, **attrs)
    for key, source, target, undirected, relation, confidence, since, until, evidence in common.read_edge_rows(edges_path):
        attrs = {"relation": intern(relation), "confidence": intern(confidence), "evidence": common.parse_evidence(evidence)}
        if since:
            attrs["since"] = since
        if until:
            attrs["until"] = until
        if undirected == "1":
            attrs["undirected"] = True
        g.add_edge(source, target, key=key, **attrs)
    return g


def load(args):
    if args.mem:
        import tracemalloc

        common.collect()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        rss0 = common.rss_bytes()
        g = build_topology(args.nodes, args.edges) if args.mem == "topology" else build_attributes(args.nodes, args.edges)
        common.collect()
        traced = tracemalloc.get_traced_memory()[0] - base
        common.emit({"bytes": traced, "rssDelta": common.rss_bytes() - rss0, "nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "method": "tracemalloc"})
        return
    t = common.clock_ns()
    g = build_attributes(args.nodes, args.edges)
    ms = (common.clock_ns() - t) / 1e6
    common.emit({"loadMs": ms, "nodes": g.number_of_nodes(), "edges": g.number_of_edges()})


def suite(args):
    t = common.clock_ns()
    g = nx.Graph()
    g.add_nodes_from(common.read_node_keys(args.nodes))
    g.add_edges_from(common.read_ends(args.edges))
    out = {"loadMs": (common.clock_ns() - t) / 1e6, "paths": {}}

    def shortest(pair):
        try:
            return len(nx.bidirectional_shortest_path(g, pair[0], pair[1])) - 1
        except nx.NetworkXNoPath:
            return -1

    for spec in args.pairs:
        label, path = spec.split("=", 1)
        pairs, warm = common.with_warmup(path, common.read_pairs)
        times, lengths = common.timed_each(pairs, shortest, warm, args.budget_s)
        out["paths"][label] = {"times": times, "results": lengths}

    if args.kpairs:
        def k_shortest(pair):
            try:
                return [len(p) - 1 for p in islice(nx.shortest_simple_paths(g, pair[0], pair[1]), args.k)]
            except nx.NetworkXNoPath:
                return []

        pairs, warm = common.with_warmup(args.kpairs, common.read_pairs)
        times, lengths = common.timed_each(pairs, k_shortest, warm, args.budget_s)
        out["kpaths"] = {"times": times, "results": lengths}

    if args.hood:
        keys, warm = common.with_warmup(args.hood, common.read_keys)
        times, sizes = common.timed_each(keys, lambda key: nx.ego_graph(g, key, radius=args.depth).number_of_nodes(), warm, args.budget_s)
        out["hood"] = {"times": times, "sizes": sizes}
    common.emit(out)


def layout(args):
    g = nx.Graph()
    g.add_nodes_from(common.read_node_keys(args.nodes))
    g.add_edges_from(common.read_ends(args.edges))
    totals = []
    for iterations in args.iterations:
        t = common.clock_ns()
        nx.spring_layout(g, iterations=iterations, seed=7, threshold=1e-12)
        totals.append((common.clock_ns() - t) / 1e6)
    a, b = args.iterations
    common.emit({"totalsMs": totals, "iterations": args.iterations, "msPerIteration": (totals[1] - totals[0]) / (b - a), "nodes": g.number_of_nodes()})


def analysis(args):
    """Structural balance (signed projection + triangle listing) and exposure (multi-source Dijkstra, reversed, cutoff)."""
    roles, kind, edges = common.read_analysis_input(args)
    targets = common.read_keys(args.targets)
    out = {"balance": {"times": []}, "exposure": {"times": [], "reached": []}}
    for _ in range(args.repeats):
        common.collect()
        t = common.clock_ns()
        pairs = common.signed_pairs(roles, kind, edges)
        g = nx.Graph()
        g.add_edges_from((a, b, {"sign": v}) for (a, b), v in pairs.items() if v != 0)
        adjacency = {v: set(g.adj[v]) for v in g}
        counts = common.count_triads(adjacency, lambda a, b: g.adj[a][b]["sign"])
        out["balance"]["times"].append((common.clock_ns() - t) / 1e6)
        out["balance"]["counts"] = counts

    holds, reverse = common.exposure_inputs(roles, edges)
    r = nx.DiGraph()
    for a, b, cost in reverse:
        if not r.has_edge(a, b) or r[a][b]["weight"] > cost:
            r.add_edge(a, b, weight=cost)
    cutoff = args.max_length * max(common.CONFIDENCE_COST.values())
    actor = set(roles["actorKinds"])
    for target in targets:
        t = common.clock_ns()
        assets = [a for a in common.assets_of(holds, target) if a in r]
        reached = nx.multi_source_dijkstra_path_length(r, assets, cutoff=cutoff) if assets else {}
        threats = sum(1 for v in reached if kind.get(v) in actor and v not in assets)
        out["exposure"]["times"].append((common.clock_ns() - t) / 1e6)
        out["exposure"]["reached"].append(threats)
    common.emit(out)


def main():
    args = common.parser(__doc__).parse_args()
    if args.command == "probe":
        common.emit({"library": "networkx", "version": nx.__version__, "python": common.python_version(), "executable": sys.executable})
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
