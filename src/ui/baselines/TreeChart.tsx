import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import * as d3 from 'd3';
import { featureValueText, stepInWords, type BaselineTreeNode, type BaselineTreeStep } from '../../shared/baselines';

const COL = 212;
const ROW = 46;
const BOX_W = 168;
const BOX_H = 36;

interface Laid {
  key: string;
  node: BaselineTreeNode;
  x: number;
  y: number;
}

/**
 * The decision tree drawn left to right with d3's tidy tree layout: each question in words ("Dark area <
 * 8%?", yes above, no below), each leaf with its class and its training images, and the path of the
 * image `steps` describes drawn thick (node keys: 'L'/'R' per step from the root).
 */
export function TreeChart({ tree, labels, steps }: { tree: BaselineTreeNode; labels: string[]; steps: BaselineTreeStep[] | null }) {
  const { t } = useTranslation('baselines');
  const { nodes, links, width, height } = useMemo(() => {
    type H = { key: string; node: BaselineTreeNode };
    const root = d3.hierarchy<H>({ key: '', node: tree }, (d) =>
      d.node.left && d.node.right ? [{ key: `${d.key}L`, node: d.node.left }, { key: `${d.key}R`, node: d.node.right }] : null,
    );
    d3.tree<H>().nodeSize([ROW, COL])(root);
    const all = root.descendants();
    const minY = Math.min(...all.map((d) => d.x ?? 0));
    const laid: Laid[] = all.map((d) => ({ key: d.data.key, node: d.data.node, x: (d.y ?? 0) + 4, y: (d.x ?? 0) - minY + BOX_H / 2 + 4 }));
    const byKey = new Map(laid.map((l) => [l.key, l]));
    const links = root.links().map((l) => ({ from: byKey.get(l.source.data.key)!, to: byKey.get(l.target.data.key)! }));
    return {
      nodes: laid,
      links,
      width: Math.max(...laid.map((l) => l.x)) + BOX_W + 8,
      height: Math.max(...laid.map((l) => l.y)) + BOX_H / 2 + 8,
    };
  }, [tree]);
  const onPath = useMemo(() => {
    const keys = new Set<string>(['']);
    if (!steps) return null;
    let k = '';
    for (const s of steps) keys.add((k += s.side === 'below' ? 'L' : 'R'));
    return keys;
  }, [steps]);
  const questions = nodes.filter((n) => n.node.feature).length;
  return (
    <div className="baseline-tree-wrap">
      <svg className="baseline-tree" data-testid="baseline-tree" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('tree.aria', { count: questions })}>
        {links.map(({ from, to }) => {
          const hot = onPath?.has(to.key) ?? false;
          const yes = to.key.endsWith('L');
          const path = `M${from.x + BOX_W},${from.y} C${from.x + BOX_W + 14},${from.y} ${to.x - 14},${to.y} ${to.x},${to.y}`;
          return (
            <g key={to.key} className={hot ? 'edge on-path' : 'edge'}>
              <path d={path} />
              <text x={to.x - 5} y={to.y - 6} textAnchor="end">{yes ? t('tree.yes') : t('tree.no')}</text>
            </g>
          );
        })}
        {nodes.map((n) => {
          const hot = onPath?.has(n.key) ?? false;
          const leaf = !n.node.feature;
          const total = n.node.counts.reduce((a, b) => a + b, 0);
          const top = n.node.counts.reduce((best, v, c, a) => (v > a[best] ? c : best), 0);
          const title = leaf
            ? labels.map((l, c) => `${l}: ${n.node.counts[c]}`).join(', ')
            : stepInWords({ feature: n.node.feature!, unit: n.node.unit!, threshold: n.node.threshold!, value: n.node.threshold!, side: 'below' }).replace(/\s*\(.*\)$/, '');
          return (
            <g key={n.key} className={`node${leaf ? ' leaf' : ''}${hot ? ' on-path' : ''}`} transform={`translate(${n.x},${n.y - BOX_H / 2})`} data-node={n.key || 'root'} data-on-path={hot ? 'true' : undefined}>
              <title>{title}</title>
              <rect width={BOX_W} height={BOX_H} rx={6} className={leaf ? `class-${top % 8}` : undefined} />
              {leaf ? (
                <>
                  <text x={8} y={15}>{t('tree.leafBox', { label: labels[top] ?? String(top), total })}</text>
                  <text x={8} y={29} className="sub">{n.node.counts.join(' / ')}</text>
                </>
              ) : (
                <>
                  <text x={8} y={15}>{t(`short.${n.node.feature}`)}</text>
                  <text x={8} y={29} className="sub">{t('tree.nodeThreshold', { threshold: featureValueText(n.node.threshold!, n.node.unit!) })}</text>
                </>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
