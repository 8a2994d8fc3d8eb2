import { describe, expect, it } from 'vitest';
import { choleskyInPlace, choleskySolve, WeightedRidge } from './linalg';

describe('Cholesky', () => {
  it('factorises a symmetric positive definite matrix and solves with it', () => {
    // A = L L^T with L chosen by hand; solve A x = b for a known x.
    const L = [[2, 0, 0], [1, 3, 0], [-1, 0.5, 1.5]];
    const n = 3;
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) A[i * n + j] += L[i][k] * L[j][k];
    const x = [0.5, -2, 3];
    const b = [0, 1, 2].map((i) => x.reduce((s, xj, j) => s + A[i * n + j] * xj, 0));
    const F = Float64Array.from(A);
    expect(choleskyInPlace(F, n)).toBe(true);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) expect(F[i * n + j]).toBeCloseTo(L[i][j], 12);
    const got = choleskySolve(F, n, b);
    x.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 10));
  });

  it('refuses a matrix that is not positive definite, and a tiny pivot when given a tolerance', () => {
    expect(choleskyInPlace(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false); // eigenvalues 3 and -1
    const nearlySingular = Float64Array.from([1, 1, 1, 1 + 1e-13]);
    expect(choleskyInPlace(Float64Array.from(nearlySingular), 2)).toBe(true);
    expect(choleskyInPlace(Float64Array.from(nearlySingular), 2, 1e-11)).toBe(false);
  });
});

describe('WeightedRidge', () => {
  it('weighted ridge matches the closed form (centred, weighted, penalty on the weights only)', () => {
    // y = 0.2 + 0.5 z0 - 0.3 z1 exactly: with alpha -> 0 the fit recovers it, R^2 = 1.
    const rows = [[1, 1], [1, 0], [0, 1], [0, 0], [1, 1], [0, 1]];
    const w = [1, 0.5, 0.7, 0.2, 0.9, 0.3];
    const r = new WeightedRidge(2);
    rows.forEach((z, i) => r.add(Uint8Array.from(z), 0.2 + 0.5 * z[0] - 0.3 * z[1], w[i]));
    const exact = r.fit(0);
    expect(exact.weights[0]).toBeCloseTo(0.5, 10);
    expect(exact.weights[1]).toBeCloseTo(-0.3, 10);
    expect(exact.intercept).toBeCloseTo(0.2, 10);
    expect(exact.r2).toBeCloseTo(1, 10);
    // With a penalty the weights shrink and R^2 drops below 1.
    const shrunk = r.fit(1);
    expect(Math.abs(shrunk.weights[0])).toBeLessThan(0.5);
    expect(shrunk.r2).toBeLessThan(1);
    expect(shrunk.r2).toBeGreaterThan(0);
    // Against a direct solve of the 2x2 normal equations on centred data.
    const sw = w.reduce((a, b) => a + b);
    const mx = [0, 1].map((j) => rows.reduce((s, z, i) => s + w[i] * z[j], 0) / sw);
    const ys = rows.map((z) => 0.2 + 0.5 * z[0] - 0.3 * z[1]);
    const my = ys.reduce((s, y, i) => s + w[i] * y, 0) / sw;
    const A = [[1, 0], [0, 1]];
    const b = [0, 0];
    rows.forEach((z, i) => {
      for (let j = 0; j < 2; j++) {
        b[j] += w[i] * (z[j] - mx[j]) * (ys[i] - my);
        for (let k = 0; k < 2; k++) A[j][k] += w[i] * (z[j] - mx[j]) * (z[k] - mx[k]);
      }
    });
    const det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
    expect(shrunk.weights[0]).toBeCloseTo((A[1][1] * b[0] - A[0][1] * b[1]) / det, 10);
    expect(shrunk.weights[1]).toBeCloseTo((A[0][0] * b[1] - A[1][0] * b[0]) / det, 10);
  });

});
