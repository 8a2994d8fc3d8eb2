import { describe, expect, it } from 'vitest';
import type { GraphNode, ModelGraph } from '../../shared/modelGraph';
import { NODE_FONTS, NODE_MIN_WIDTH, NODE_PAD, estimateTextWidth, nodeBox, nodeLines, placeGraph, visibleGraph } from './graphLayout';
import { setLanguage, t } from '../../shared/i18n';

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

describe('node boxes sized to their text (curves)', () => {
  it('estimates widths per character class (hand-computed)', () => {
    expect(estimateTextWidth('ab', 10)).toBeCloseTo(2 * 0.64 * 10, 10);
    expect(estimateTextWidth('Wi', 10)).toBeCloseTo((1 + 0.4) * 10, 10);
    expect(estimateTextWidth('中文', 11)).toBeCloseTo(22, 10);
    expect(estimateTextWidth('A', 13, true)).toBeCloseTo(0.8 * 13 * 1.13, 10);
    expect(estimateTextWidth('𠀀', 10)).toBe(10); // one code point outside the BMP is one wide character
  });

  const layer = (path: string, className: string, activation: string | null, shape: (number | null)[], params: number): GraphNode => ({
    path, name: path, className, outputShape: shape, params, activation, parent: null, block: false,
  });
  const nodes = [
    layer('conv1', 'Conv2D', 'relu', [null, 64, 64, 8], 224),
    layer('conv_pw_13_relu_depthwise_separable', 'DepthwiseConv2D', 'relu6', [null, 112, 112, 1024], 1_234_567),
    layer('conv3', 'Conv2D', 'relu', [null, 16, 16, 32], 4_640),
    layer('gmp', 'GlobalMaxPooling2D', null, [null, 32], 0),
    layer('classifier', 'Dense', 'softmax', [null, 3], 99),
  ];
  const edges = nodes.slice(1).map((n, i) => ({ from: nodes[i].path, to: n.path }));

  for (const lang of ['en', 'zh'] as const) {
    it(`no line is wider than its box, the CAM target layer's included (${lang})`, () => {
      setLanguage(lang);
      const say = { params: (count: number) => t('insides:params', { count, n: new Intl.NumberFormat('en-US').format(count) }), block: (count: number) => t('insides:block', { count }), camLayer: t('insides:camLayer') };
      for (const cam of nodes.map((n) => n.path)) {
        const lines = (n: GraphNode) => nodeLines(n, { cam: n.path === cam, blockCount: 0, say });
        const placed = placeGraph({ nodes, edges }, (n) => nodeBox(lines(n)));
        for (const n of placed.nodes) {
          expect(n.width).toBeGreaterThanOrEqual(NODE_MIN_WIDTH);
          for (const l of lines(n)) {
            const f = NODE_FONTS[l.cls];
            expect(NODE_PAD + estimateTextWidth(l.text, f.px, f.bold) + NODE_PAD, `${lang} ${n.path}: "${l.text}"`).toBeLessThanOrEqual(n.width);
          }
        }
        // The CAM mark is on its node's last line, and no two boxes overlap in a row.
        const camLines = lines(placed.nodes.find((n) => n.path === cam)!);
        expect(camLines[2].text.endsWith(say.camLayer)).toBe(true);
        for (const a of placed.nodes)
          for (const b of placed.nodes)
            if (a !== b && Math.abs(a.y - b.y) < a.height) expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual((a.width + b.width) / 2);
      }
      setLanguage('en');
    });
  }

  it('widens the box that the fixed 190 px one cut ("· CAM target layer" after a parameter count)', () => {
    setLanguage('en');
    // the count as plain digits here (the graph groups them, "4,640": the box test is about the text it is given)
    const say = { params: (count: number) => t('insides:params', { count, n: String(count) }), block: (count: number) => t('insides:block', { count }), camLayer: t('insides:camLayer') };
    const lines = nodeLines(nodes[2], { cam: true, blockCount: 0, say });
    expect(lines[2].text).toBe('4640 parameters · CAM target layer');
    // Counted by hand, in em: "4640" 4 digits; " "; "parameters" = m 1, t 0.4, 8 others 0.64; " · " 3 narrow;
    // "CAM" = C, A 0.8 and M 1; " "; "target" = 2 t 0.4 + 4 others; " "; "layer" = l 0.4 + 4 others.
    const em = 4 * 0.64 + 0.4 + (8 * 0.64 + 1 + 0.4) + 3 * 0.4 + (0.8 + 0.8 + 1) + 0.4 + (2 * 0.4 + 4 * 0.64) + 0.4 + (0.4 + 4 * 0.64);
    expect(estimateTextWidth(lines[2].text, 11)).toBeCloseTo(em * 11, 6);
    expect(em * 11 + 2 * NODE_PAD).toBeGreaterThan(190);
    expect(nodeBox(lines).width).toBe(Math.ceil(em * 11 + 2 * NODE_PAD));
  });
});
