// What of the layer graph is drawn: nested models are blocks, collapsed until opened. An opened block is
// replaced by its layers; wires into it go to its first layers (those nothing inside feeds), wires out of
// it leave from its last ones. Laid out top to bottom by dagre (@dagrejs/dagre, the layered layout of
// Gansner et al. 1993).

import dagre from '@dagrejs/dagre';
import type { GraphEdge, GraphNode, ModelGraph } from '../../shared/modelGraph';

/**
 * The nodes and edges shown when the blocks in `open` are opened (a block inside a closed block stays
 * hidden whatever `open` says). Every shown edge joins two shown nodes; nothing is drawn twice.
 */
export function visibleGraph(g: ModelGraph, open: ReadonlySet<string>): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const byPath = new Map(g.nodes.map((n) => [n.path, n]));
  const shown = (n: GraphNode): boolean => n.parent === null || (open.has(n.parent) && shown(byPath.get(n.parent)!));
  const expanded = (n: GraphNode) => n.block && open.has(n.path) && shown(n);
  const children = (p: string) => g.nodes.filter((n) => n.parent === p);
  const inside = (p: string) => g.edges.filter((e) => byPath.get(e.to)?.parent === p);
  // The shown nodes a wire into / out of `path` really reaches.
  const entries = (path: string): string[] => {
    const n = byPath.get(path)!;
    if (!expanded(n)) return [path];
    const fed = new Set(inside(path).map((e) => e.to));
    return children(path).filter((c) => !fed.has(c.path)).flatMap((c) => entries(c.path));
  };
  const exits = (path: string): string[] => {
    const n = byPath.get(path)!;
    if (!expanded(n)) return [path];
    const feeding = new Set(inside(path).map((e) => e.from));
    return children(path).filter((c) => !feeding.has(c.path)).flatMap((c) => exits(c.path));
  };
  const nodes = g.nodes.filter((n) => shown(n) && !expanded(n));
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const e of g.edges) {
    const from = byPath.get(e.from)!;
    if (!shown(from)) continue;
    for (const a of exits(e.from))
      for (const b of entries(e.to)) {
        const key = `${a}\u0000${b}`;
        if (!seen.has(key)) {
          seen.add(key);
          edges.push({ from: a, to: b });
        }
      }
  }
  return { nodes, edges };
}

export interface Placed {
  nodes: (GraphNode & { x: number; y: number; width: number; height: number })[];
  edges: (GraphEdge & { points: { x: number; y: number }[] })[];
  width: number;
  height: number;
}

/** Positions (centres, px) for the shown graph, top to bottom, node boxes of `size`. */
export function placeGraph(v: { nodes: GraphNode[]; edges: GraphEdge[] }, size = { width: 190, height: 54 }): Placed {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 28, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of v.nodes) g.setNode(n.path, { width: size.width, height: size.height });
  for (const e of v.edges) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const graph = g.graph();
  return {
    nodes: v.nodes.map((n) => {
      const p = g.node(n.path);
      return { ...n, x: p.x, y: p.y, width: size.width, height: size.height };
    }),
    edges: v.edges.map((e) => ({ ...e, points: g.edge(e.from, e.to).points ?? [] })),
    width: graph.width ?? 0,
    height: graph.height ?? 0,
  };
}
