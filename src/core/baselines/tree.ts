// A shallow decision tree on named features (CART, Breiman et al. 1984, through mljs' ml-cart): a model
// whose every decision can be read out as a sentence.

import { DecisionTreeClassifier, type CartNode } from 'ml-cart';

/** A trained tree as plain data: internal nodes split, leaves give class counts from the training set. */
export interface TreeNodeData {
  /** Feature index and threshold: rows with value < threshold go left. Absent on leaves. */
  feature?: number;
  threshold?: number;
  left?: TreeNodeData;
  right?: TreeNodeData;
  /** Training rows reaching this node, per class. */
  counts: number[];
}

export interface TreeModel {
  root: TreeNodeData;
  classes: number;
  depth: number;
}

/** One step of an input's path: the feature, its value, the threshold and which side it went. */
export interface TreeStep {
  feature: number;
  value: number;
  threshold: number;
  /** 'below' when value < threshold (the left branch), else 'atOrAbove'. */
  side: 'below' | 'atOrAbove';
}

function depthOf(n: TreeNodeData): number {
  return n.left && n.right ? 1 + Math.max(depthOf(n.left), depthOf(n.right)) : 0;
}

function convert(node: CartNode, rows: number[][], y: number[], classes: number): TreeNodeData {
  const counts = new Array<number>(classes).fill(0);
  for (const c of y) counts[c]++;
  if (node.left && node.right && node.splitColumn !== undefined && node.splitValue !== undefined) {
    const f = node.splitColumn;
    const t = node.splitValue;
    const l: number[] = [];
    const r: number[] = [];
    rows.forEach((row, i) => (row[f] < t ? l : r).push(i));
    return {
      feature: f,
      threshold: t,
      left: convert(node.left, l.map((i) => rows[i]), l.map((i) => y[i]), classes),
      right: convert(node.right, r.map((i) => rows[i]), r.map((i) => y[i]), classes),
      counts,
    };
  }
  return { counts };
}

/**
 * Trains a classification tree of depth at most `maxDepth` (1..6) on rows `x` (n x features) with class
 * indices `y` (0..classes-1), Gini impurity, thresholds at midpoints between neighbouring values. CART is
 * deterministic: the same data give the same tree. Throws on empty data, mismatched lengths or a depth
 * outside 1..6.
 */
export function trainTree(x: ArrayLike<number>[], y: number[], o: { classes: number; maxDepth?: number; minSamples?: number }): TreeModel {
  const maxDepth = o.maxDepth ?? 4;
  if (x.length === 0 || x.length !== y.length) throw new Error(`trainTree: ${x.length} rows and ${y.length} labels`);
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > 6) throw new Error(`trainTree: depth must be 1..6, got ${maxDepth}`);
  const rows = x.map((r) => Array.from(r));
  const cart = new DecisionTreeClassifier({ gainFunction: 'gini', maxDepth, minNumSamples: o.minSamples ?? 3 });
  cart.train(rows, y);
  const root = convert(cart.root, rows, y, o.classes);
  return { root, classes: o.classes, depth: depthOf(root) };
}

/** The leaf `row` reaches and the steps taken there, root first. */
export function treePath(model: TreeModel, row: ArrayLike<number>): { steps: TreeStep[]; leaf: TreeNodeData } {
  const steps: TreeStep[] = [];
  let n = model.root;
  while (n.left && n.right && n.feature !== undefined && n.threshold !== undefined) {
    const value = row[n.feature];
    const below = value < n.threshold;
    steps.push({ feature: n.feature, value, threshold: n.threshold, side: below ? 'below' : 'atOrAbove' });
    n = below ? n.left : n.right;
  }
  return { steps, leaf: n };
}

/** The class a row is given: its leaf's most frequent training class (lowest index on ties), with that share. */
export function treePredict(model: TreeModel, row: ArrayLike<number>): { label: number; confidence: number } {
  const { leaf } = treePath(model, row);
  const total = leaf.counts.reduce((a, b) => a + b, 0);
  let label = 0;
  for (let c = 1; c < leaf.counts.length; c++) if (leaf.counts[c] > leaf.counts[label]) label = c;
  return { label, confidence: total > 0 ? leaf.counts[label] / total : 0 };
}
