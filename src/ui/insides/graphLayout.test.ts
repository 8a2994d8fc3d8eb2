import { describe, expect, it } from 'vitest';
import type { GraphNode, ModelGraph } from '../../shared/modelGraph';
import { placeGraph, visibleGraph } from './graphLayout';

const node = (path: string, parent: string | null = null, block = false): GraphNode => ({
  path,
  name: path.split('/').pop()!,
  className: block ? 'Functional' : 'Conv2D',
  outputShape: [null, 4, 4, 2],
  params: 1,
  activation: null,
  parent,
  block,
});

// Teachable Machine's shape: body[ net[ in -> a -> b, a -> sum, b -> sum ] ] -> head[ d1 -> d2 ]
const G: ModelGraph = {
  nodes: [
    node('body', null, true),
    node('body/net', 'body', true),
    node('body/net/in', 'body/net'),
    node('body/net/a', 'body/net'),
    node('body/net/b', 'body/net'),
    node('body/net/sum', 'body/net'),
    node('head', null, true),
    node('head/d1', 'head'),
    node('head/d2', 'head'),
  ],
  edges: [
    { from: 'body', to: 'head' },
    { from: 'body/net/in', to: 'body/net/a' },
    { from: 'body/net/a', to: 'body/net/b' },
    { from: 'body/net/a', to: 'body/net/sum' },
    { from: 'body/net/b', to: 'body/net/sum' },
    { from: 'head/d1', to: 'head/d2' },
  ],
};
const paths = (v: ReturnType<typeof visibleGraph>) => ({ nodes: v.nodes.map((n) => n.path), edges: v.edges.map((e) => `${e.from}>${e.to}`).sort() });

describe('which part of the layer graph is shown', () => {
  it('shows closed blocks as single boxes', () => {
    expect(paths(visibleGraph(G, new Set()))).toEqual({ nodes: ['body', 'head'], edges: ['body>head'] });
  });

  it('replaces an opened block by its layers, wiring into its first and out of its last', () => {
    expect(paths(visibleGraph(G, new Set(['head'])))).toEqual({ nodes: ['body', 'head/d1', 'head/d2'], edges: ['body>head/d1', 'head/d1>head/d2'] });
    // opening two levels: the skip connection appears, and the wire out leaves from the merge
    expect(paths(visibleGraph(G, new Set(['body', 'body/net'])))).toEqual({
      nodes: ['body/net/in', 'body/net/a', 'body/net/b', 'body/net/sum', 'head'],
      edges: ['body/net/a>body/net/b', 'body/net/a>body/net/sum', 'body/net/b>body/net/sum', 'body/net/in>body/net/a', 'body/net/sum>head'],
    });
  });

  it('keeps a block inside a closed block hidden, whatever is open inside it', () => {
    expect(paths(visibleGraph(G, new Set(['body/net'])))).toEqual({ nodes: ['body', 'head'], edges: ['body>head'] });
  });

  it('lays the shown graph out top to bottom: every edge goes downwards', () => {
    const p = placeGraph(visibleGraph(G, new Set(['body', 'body/net', 'head'])));
    const y = new Map(p.nodes.map((n) => [n.path, n.y]));
    for (const e of p.edges) expect(y.get(e.to)!).toBeGreaterThan(y.get(e.from)!);
    expect(p.width).toBeGreaterThan(0);
  });
});
