import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_TAGS, currentLanguage } from '../../shared/i18n';
import { useStudio } from '../../state/store';
import { fetchModelGraph } from '../../state/insidesController';
import type { GraphNode, ModelGraph as Graph } from '../../shared/modelGraph';
import { NODE_PAD, nodeBox, nodeLines, placeGraph, shapeText, visibleGraph } from './graphLayout';
import { LayerActivationsView } from './LayerActivations';

/**
 * The active model's layer graph (data-testid="model-graph"): one box per shown layer (data-layer = its
 * path) with its type, output shape, parameters and activation; the CAM target layer marked; nested models
 * as blocks that open on click; skip connections drawn as the model wires them. Clicking a layer shows its
 * activations for the selected image below.
 */
export function ModelGraph() {
  const { t } = useTranslation('insides');
  const model = useStudio((s) => s.model);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [layer, setLayer] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setGraph(null);
    setError(null);
    setLayer(null);
    setOpen(new Set());
    fetchModelGraph().then(
      (g) => live && setGraph(g),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [model]);

  const inBlock = useMemo(() => {
    const n = new Map<string, number>();
    for (const node of graph?.nodes ?? []) if (node.parent && !node.block) for (let p: string | null = node.parent; p; p = graph!.nodes.find((x) => x.path === p)?.parent ?? null) n.set(p, (n.get(p) ?? 0) + 1);
    return n;
  }, [graph]);
  const camPath = model?.defaultCamLayer;
  // Each box's lines, and its size from them (wide enough for "· CAM target layer" and long layer types).
  const linesOf = useMemo(() => {
    const say = { params: (count: number) => t('params', { count, n: new Intl.NumberFormat(LANGUAGE_TAGS[currentLanguage()]).format(count) }), block: (count: number) => t('block', { count }), camLayer: t('camLayer') };
    return (n: GraphNode) => nodeLines(n, { cam: camPath === n.path, blockCount: inBlock.get(n.path) ?? 0, say });
  }, [t, camPath, inBlock]);
  const placed = useMemo(() => (graph ? placeGraph(visibleGraph(graph, open), (n) => nodeBox(linesOf(n))) : null), [graph, open, linesOf]);
  const openBlocks = graph?.nodes.filter((n) => n.block && open.has(n.path)) ?? [];

  const pick = (n: GraphNode) => {
    if (n.block) setOpen((o) => new Set([...o, n.path]));
    else setLayer(n.path);
  };

  return (
    <section className="insides" aria-labelledby="insides-title">
      <h2 id="insides-title">{t('title')}</h2>
      <p className="hint">{t('intro')}</p>
      {error && <p className="error">{t('failed', { message: error })}</p>}
      {!graph && !error && <p className="hint">{t('loading')}</p>}
      {openBlocks.length > 0 && (
        <div className="insides-open">
          {openBlocks.map((b) => (
            <button key={b.path} type="button" onClick={() => setOpen((o) => new Set([...o].filter((p) => p !== b.path && !p.startsWith(b.path + '/'))))}>
              {t('close', { name: b.name })}
            </button>
          ))}
        </div>
      )}
      {placed && (
        <div className="insides-scroll">
          <svg data-testid="model-graph" width={placed.width} height={placed.height} role="group" aria-label={t('title')}>
            <defs>
              <marker id="insides-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" className="insides-arrowhead" />
              </marker>
            </defs>
            {placed.edges.map((e) => (
              <polyline key={`${e.from}>${e.to}`} className="insides-edge" data-from={e.from} data-to={e.to} points={e.points.map((p) => `${p.x},${p.y}`).join(' ')} markerEnd="url(#insides-arrow)" />
            ))}
            {placed.nodes.map((n) => {
              const cam = model?.defaultCamLayer === n.path;
              const kind = n.activation ? `${n.className} · ${n.activation}` : n.className;
              return (
                <g
                  key={n.path}
                  data-layer={n.path}
                  className={`insides-node${n.block ? ' block' : ''}${cam ? ' cam' : ''}${layer === n.path ? ' selected' : ''}`}
                  transform={`translate(${n.x - n.width / 2},${n.y - n.height / 2})`}
                  role="button"
                  tabIndex={0}
                  aria-pressed={n.block ? undefined : layer === n.path}
                  onClick={() => pick(n)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      pick(n);
                    }
                  }}
                >
                  {/* the title names the box for assistive technology: name, type, shape, and what it is */}
                  <title>{`${t('layerName', { name: n.name, kind, shape: shapeText(n.outputShape) })}${n.block ? `, ${t('block', { count: inBlock.get(n.path) ?? 0 })}` : ''}${cam ? `, ${t('camLayer')}` : ''}`}</title>
                  <rect width={n.width} height={n.height} rx={6} />
                  {linesOf(n).map((l, i) => (
                    <text key={l.cls} x={NODE_PAD} y={[18, 34, 48][i]} className={l.cls}>
                      {l.text}
                    </text>
                  ))}
                </g>
              );
            })}
          </svg>
        </div>
      )}
      {layer && <LayerActivationsView layer={layer} />}
    </section>
  );
}
