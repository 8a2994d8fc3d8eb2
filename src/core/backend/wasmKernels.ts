// The WASM backend of tfjs 4.22 ships Conv2DBackpropInput but no Conv2DBackpropFilter, so it cannot
// train a conv net, and no DepthwiseConv2dNativeBackpropInput, so gradients cannot flow through a
// MobileNet. This registers plain TypeScript versions of both for 'wasm'. It reads the
// operands straight out of the wasm heap and writes the result into a tensor the backend allocated,
// so no copies cross the JS/wasm line beyond one final `set`.
//
// dW[fr, fc, ci, co] = sum over b, yr, yc of x[b, yr*sh + fr - padTop, yc*sw + fc - padLeft, ci] * dy[b, yr, yc, co]

import * as tf from '@tensorflow/tfjs';
import type { TensorInfo, KernelConfig, NamedAttrMap } from '@tensorflow/tfjs';

interface WasmLikeBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

export function conv2dBackpropFilterNHWC(
  x: Float32Array,
  xShape: readonly number[],
  dy: Float32Array,
  dyShape: readonly number[],
  filterShape: readonly number[],
  strides: [number, number],
  padTop: number,
  padLeft: number,
): Float32Array {
  const [batch, inH, inW, inC] = xShape;
  const [, outH, outW, outC] = dyShape;
  const [fh, fw] = filterShape;
  const [sh, sw] = strides;
  const dw = new Float32Array(fh * fw * inC * outC);
  const xRow = inW * inC;
  const xImg = inH * xRow;
  for (let b = 0; b < batch; b++) {
    for (let yr = 0; yr < outH; yr++) {
      const xr0 = yr * sh - padTop;
      for (let yc = 0; yc < outW; yc++) {
        const xc0 = yc * sw - padLeft;
        const dyOff = ((b * outH + yr) * outW + yc) * outC;
        for (let fr = 0; fr < fh; fr++) {
          const xr = xr0 + fr;
          if (xr < 0 || xr >= inH) continue;
          for (let fc = 0; fc < fw; fc++) {
            const xc = xc0 + fc;
            if (xc < 0 || xc >= inW) continue;
            const xOff = b * xImg + xr * xRow + xc * inC;
            const wOff = (fr * fw + fc) * inC * outC;
            for (let ci = 0; ci < inC; ci++) {
              const xv = x[xOff + ci];
              if (xv === 0) continue; // ReLU outputs are often zero: skip the whole row
              const o = wOff + ci * outC;
              for (let co = 0; co < outC; co++) dw[o + co] += xv * dy[dyOff + co];
            }
          }
        }
      }
    }
  }
  return dw;
}

function kernelFunc({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const wasm = backend as WasmLikeBackend;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as {
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  if (a.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm: only NHWC (channels last) is supported');
  const convInfo = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
  );
  if (convInfo.dilationHeight !== 1 || convInfo.dilationWidth !== 1) {
    throw new Error('Conv2DBackpropFilter on wasm: dilated convolutions are not supported');
  }
  const result = conv2dBackpropFilterNHWC(
    wasm.typedArrayFromHeap(x),
    x.shape,
    wasm.typedArrayFromHeap(dy),
    dy.shape,
    a.filterShape,
    [convInfo.strideHeight, convInfo.strideWidth],
    convInfo.padInfo.top,
    convInfo.padInfo.left,
  );
  const out = wasm.makeOutput(a.filterShape, 'float32');
  // makeOutput may grow the heap, so take the view only after allocating.
  wasm.typedArrayFromHeap(out).set(result);
  return out;
}

/**
 * dx of a depthwise convolution (also missing from tfjs-backend-wasm 4.22, so gradient methods failed
 * on MobileNet-style models such as Teachable Machine's):
 * dx[b, yr*sh + fr*dh - padTop, yc*sw + fc*dw - padLeft, c] += dy[b, yr, yc, c*M + q] * w[fr, fc, c, q]
 */
export function depthwiseBackpropInputNHWC(
  dy: Float32Array,
  dyShape: readonly number[],
  w: Float32Array,
  filterShape: readonly number[],
  inShape: readonly number[],
  strides: [number, number],
  dilations: [number, number],
  padTop: number,
  padLeft: number,
): Float32Array {
  const [batch, inH, inW, inC] = inShape;
  const [, outH, outW, outC] = dyShape;
  const [fh, fw, , mult] = filterShape;
  const [sh, sw] = strides;
  const [dh, dw] = dilations;
  const dx = new Float32Array(batch * inH * inW * inC);
  for (let b = 0; b < batch; b++) {
    for (let yr = 0; yr < outH; yr++) {
      for (let yc = 0; yc < outW; yc++) {
        const dyOff = ((b * outH + yr) * outW + yc) * outC;
        for (let fr = 0; fr < fh; fr++) {
          const xr = yr * sh + fr * dh - padTop;
          if (xr < 0 || xr >= inH) continue;
          for (let fc = 0; fc < fw; fc++) {
            const xc = yc * sw + fc * dw - padLeft;
            if (xc < 0 || xc >= inW) continue;
            const dxOff = ((b * inH + xr) * inW + xc) * inC;
            const wOff = (fr * fw + fc) * inC * mult;
            for (let c = 0; c < inC; c++) {
              let acc = 0;
              for (let q = 0; q < mult; q++) acc += dy[dyOff + c * mult + q] * w[wOff + c * mult + q];
              dx[dxOff + c] += acc;
            }
          }
        }
      }
    }
  }
  return dx;
}

function depthwiseInputKernel({ inputs, backend, attrs }: { inputs: Record<string, TensorInfo>; backend: unknown; attrs?: NamedAttrMap }): TensorInfo {
  const wasm = backend as WasmLikeBackend;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as {
    strides: number | [number, number];
    dilations: number | [number, number];
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
  };
  const convInfo = tf.backend_util.computeConv2DInfo(
    a.inputShape,
    filter.shape as [number, number, number, number],
    a.strides,
    a.dilations,
    a.pad,
    a.dimRoundingMode,
    true,
  );
  const result = depthwiseBackpropInputNHWC(
    wasm.typedArrayFromHeap(dy),
    dy.shape,
    wasm.typedArrayFromHeap(filter),
    filter.shape,
    a.inputShape,
    [convInfo.strideHeight, convInfo.strideWidth],
    [convInfo.dilationHeight, convInfo.dilationWidth],
    convInfo.padInfo.top,
    convInfo.padInfo.left,
  );
  const out = wasm.makeOutput(a.inputShape, 'float32');
  wasm.typedArrayFromHeap(out).set(result);
  return out;
}

let registered = false;

/** Idempotent. Call once the wasm backend is registered (importing @tensorflow/tfjs-backend-wasm does that). */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  const kernels: KernelConfig[] = [
    { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'] },
    { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: 'wasm', kernelFunc: depthwiseInputKernel as unknown as KernelConfig['kernelFunc'] },
  ];
  for (const k of kernels) if (!tf.getKernel(k.kernelName, 'wasm')) tf.registerKernel(k);
}
