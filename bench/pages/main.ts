// Minimal sigma page for the first-frame benchmark: fetch the whole graph as row JSON, build it, render it. No UI.
import Graph from "graphology";
import Sigma from "sigma";

async function main(): Promise<void> {
  const response = await fetch("/api/graph", { headers: { Accept: "application/json" } });
  const graph = Graph.from(await response.json());
  graph.forEachNode((node, attributes) => {
    if (typeof attributes.x !== "number" || typeof attributes.y !== "number") graph.mergeNodeAttributes(node, { x: Math.random(), y: Math.random() });
  });
  new Sigma(graph, document.getElementById("graph") as HTMLElement);
}

void main();
