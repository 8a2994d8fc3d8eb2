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

// ---------------------------------------------------------------------------------------------
// Node boxes sized to their text (curves): a fixed 190 px box cut "· CAM target layer" and long layer types.

/** A line of a node box: its text and the CSS class that sets its font (styles.css .insides-*). */
export interface NodeLine {
  text: string;
  cls: 'insides-name' | 'insides-kind' | 'insides-params';
}

/** Font size (CSS px) and weight of each line's class, as styles.css sets them. */
export const NODE_FONTS: Record<NodeLine['cls'], { px: number; bold: boolean }> = {
  'insides-name': { px: 13, bold: true },
  'insides-kind': { px: 11, bold: false },
  'insides-params': { px: 11, bold: false },
};

/** The narrowest box (px; short labels keep the graph's even look), its height, and the text's inset on each side. */
export const NODE_MIN_WIDTH = 190;
export const NODE_HEIGHT = 54;
export const NODE_PAD = 8;
/** Layer names longer than this are cut with an ellipsis in the box (the box's title keeps the whole name). */
export const NODE_NAME_CHARS = 24;

const NARROW = new Set([...'ijlt.,:;\'|!()[]{}·- /']);
const WIDE = new Set([...'mwMW@%×…']);

/**
 * An upper estimate of the rendered width of `text` in px, for a sans-serif UI font at `px` size: per
 * character, wide CJK / full-width forms 1 em, "m w M W @ % × …" 1 em, narrow punctuation and "i j l t" 0.4 em,
 * other capitals 0.8 em, digits and other letters 0.64 em (DejaVu Sans' advance widths, the widest of the
 * fonts the page may get, rounded up); bold adds 13% (DejaVu Sans Bold). Deterministic, so layout and tests agree; checked
 * against Chromium's getComputedTextLength on the demo model's graph (see the curves report).
 */
export function estimateTextWidth(text: string, px: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000) em += 1;
    else if (WIDE.has(ch)) em += 1;
    else if (NARROW.has(ch)) em += 0.4;
    else if (ch >= 'A' && ch <= 'Z') em += 0.8;
    else em += 0.64;
  }
  return em * px * (bold ? 1.13 : 1);
}

/** The box a node's lines need: as wide as its widest line (estimated) plus the inset, at least NODE_MIN_WIDTH. */
export function nodeBox(lines: readonly NodeLine[]): { width: number; height: number } {
  const widest = Math.max(0, ...lines.map((l) => estimateTextWidth(l.text, NODE_FONTS[l.cls].px, NODE_FONTS[l.cls].bold)));
  return { width: Math.max(NODE_MIN_WIDTH, Math.ceil(widest + 2 * NODE_PAD)), height: NODE_HEIGHT };
}

/** A layer's output shape without the batch axis: "[32×32×8]". */
export const shapeText = (s: readonly (number | null)[]) => `[${s.slice(1).map((v) => v ?? '?').join('×')}]`;

/**
 * The three lines of a layer's box: its name (cut at NODE_NAME_CHARS), its type, activation and output shape,
 * and its parameter count (or, for a block, how many layers it holds), with the CAM target layer marked.
 * @param say the catalogue's words: params (count), block (count) and camLayer, in the current language
 */
export function nodeLines(n: GraphNode, o: { cam: boolean; blockCount: number; say: { params: (count: number) => string; block: (count: number) => string; camLayer: string } }): NodeLine[] {
  const kind = n.activation ? `${n.className} · ${n.activation}` : n.className;
  const name = [...n.name].length > NODE_NAME_CHARS ? `${[...n.name].slice(0, NODE_NAME_CHARS - 1).join('')}…` : n.name;
  return [
    { text: name, cls: 'insides-name' },
    { text: `${kind} ${shapeText(n.outputShape)}`, cls: 'insides-kind' },
    { text: `${n.block ? o.say.block(o.blockCount) : o.say.params(n.params)}${o.cam ? ` · ${o.say.camLayer}` : ''}`, cls: 'insides-params' },
  ];
}

/**
 * Positions (centres, px) for the shown graph, top to bottom. `size`: one box size for every node, or each
 * node's own (nodeBox of its lines), so that no box cuts its text.
 */
export function placeGraph(v: { nodes: GraphNode[]; edges: GraphEdge[] }, size: { width: number; height: number } | ((n: GraphNode) => { width: number; height: number }) = { width: NODE_MIN_WIDTH, height: NODE_HEIGHT }): Placed {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 28, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const sizeOf = typeof size === 'function' ? size : () => size;
  const sizes = new Map(v.nodes.map((n) => [n.path, sizeOf(n)]));
  for (const n of v.nodes) g.setNode(n.path, { ...sizes.get(n.path)! });
  for (const e of v.edges) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const graph = g.graph();
  return {
    nodes: v.nodes.map((n) => {
      const p = g.node(n.path);
      const box = sizes.get(n.path)!;
      return { ...n, x: p.x, y: p.y, width: box.width, height: box.height };
    }),
    edges: v.edges.map((e) => ({ ...e, points: g.edge(e.from, e.to).points ?? [] })),
    width: graph.width ?? 0,
    height: graph.height ?? 0,
  };
}
