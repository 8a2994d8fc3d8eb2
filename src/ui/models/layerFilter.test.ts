import { describe, expect, it } from 'vitest';
import type { LayerSummary } from '../../shared/types';
import { candidateLayers, filterLayers, shapeText } from './layerFilter';

const L = (path: string, className: string, outputShape: (number | null)[], isConv: boolean): LayerSummary => ({ path, name: path.split('/').pop()!, className, outputShape, params: 0, isConv });

// A MobileNet-like slice, as a Teachable Machine model nests it.
const layers = [
  L('sequential_1/conv1', 'Conv2D', [null, 112, 112, 32], true),
  L('sequential_1/conv1_relu', 'ReLU', [null, 112, 112, 32], false),
  L('sequential_1/conv_dw_13', 'DepthwiseConv2D', [null, 7, 7, 512], true),
  L('sequential_1/conv_pw_12', 'Conv2D', [null, 14, 14, 1024], true),
  L('sequential_1/conv_pw_13', 'Conv2D', [null, 7, 7, 1024], true),
  L('sequential_1/out_relu', 'ReLU', [-1, 7, 7, 1024], false),
  L('sequential_2/dense', 'Dense', [null, 2], false),
];
const conv = ['sequential_1/conv1', 'sequential_1/conv_dw_13', 'sequential_1/conv_pw_12', 'sequential_1/conv_pw_13'];
const cam = ['sequential_1/conv1', 'sequential_1/conv1_relu', 'sequential_1/conv_dw_13', 'sequential_1/conv_pw_12', 'sequential_1/conv_pw_13', 'sequential_1/out_relu'];
const rows = candidateLayers(layers, conv, cam);
const paths = (r: { path: string }[]) => r.map((x) => x.path.replace('sequential_1/', ''));

describe('candidate CAM layers', () => {
  it('lists conv layers first, then the other spatial layers, with their shapes', () => {
    expect(paths(rows)).toEqual(['conv1', 'conv_dw_13', 'conv_pw_12', 'conv_pw_13', 'conv1_relu', 'out_relu']);
    expect(rows[3]).toEqual({ path: 'sequential_1/conv_pw_13', className: 'Conv2D', shape: '[any, 7, 7, 1024]', isConv: true });
    expect(rows[5].shape).toBe('[any, 7, 7, 1024]');
  });
  it('shapeText writes unknown dimensions as "any"', () => {
    expect(shapeText([null, -1, 3])).toBe('[any, any, 3]');
  });
});

describe('filterLayers', () => {
  it('keeps everything for an empty query', () => {
    expect(filterLayers(rows, '  ', false)).toHaveLength(6);
  });
  it('keeps conv layers only when asked', () => {
    expect(paths(filterLayers(rows, '', true))).toEqual(['conv1', 'conv_dw_13', 'conv_pw_12', 'conv_pw_13']);
  });
  it('matches the path case-insensitively', () => {
    expect(paths(filterLayers(rows, 'PW_1', false))).toEqual(['conv_pw_12', 'conv_pw_13']);
  });
  it('needs every term, in the path or the shape, or as the whole class name', () => {
    expect(paths(filterLayers(rows, 'conv 14,', false))).toEqual(['conv_pw_12']);
    expect(paths(filterLayers(rows, 'DepthwiseConv2D', false))).toEqual(['conv_dw_13']);
    expect(paths(filterLayers(rows, 'relu 7,', false))).toEqual(['out_relu']);
  });
  it('does not match a part of the class name: "conv2" is not every Conv2D', () => {
    // Path conv1 contains "conv1", not "conv2"; only the class names Conv2D/DepthwiseConv2D contain "conv2".
    expect(filterLayers(rows, 'conv2', false)).toEqual([]);
    expect(paths(filterLayers(rows, 'conv2d', false))).toEqual(['conv1', 'conv_pw_12', 'conv_pw_13']);
  });
  it('finds nothing for a term no layer has', () => {
    expect(filterLayers(rows, 'lstm', false)).toEqual([]);
  });
});
