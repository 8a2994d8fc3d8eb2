// Dense linear algebra for the surrogate fits of LIME (weighted ridge) and Kernel SHAP (constrained
// weighted least squares): one Cholesky factorisation and its solve, and a weighted ridge regression
// kept as running sums. Matrices are row-major Float64Arrays of n x n. Pure functions: no tensors.

/**
 * In-place Cholesky factorisation A = L L^T of a symmetric n x n matrix (Golub & Van Loan, "Matrix
 * Computations", algorithm 4.2.1). Reads the lower triangle and overwrites it with L; the upper triangle
 * is left as it was. A pivot must exceed `relTol` x the largest diagonal entry of A (0: any positive
 * pivot): returns false when one does not, i.e. A is not (numerically) positive definite, leaving A
 * partly overwritten.
 */
export function choleskyInPlace(A: Float64Array, n: number, relTol = 0): boolean {
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, A[i * n + i]);
  const tol = relTol * (maxDiag || 1);
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let k = 0; k < j; k++) d -= A[j * n + k] * A[j * n + k];
    if (!(d > tol)) return false;
    d = Math.sqrt(d);
    A[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= A[i * n + k] * A[j * n + k];
      A[i * n + j] = s / d;
    }
  }
  return true;
}

/** Solves L L^T x = b for x, with L the lower triangle left by choleskyInPlace. Returns a new array of n. */
export function choleskySolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * x[k];
    x[i] = s / L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

/**
 * Weighted ridge regression on 0/1 rows, kept as running sums so that a fit after every batch of rows is
 * cheap (O(D^3), independent of the number of rows). fit() is sklearn's Ridge(alpha, fit_intercept=True)
 * with sample weights, which lime uses for its local surrogate.
 */
export class WeightedRidge {
  private sw = 0;
  private sy = 0;
  private syy = 0;
  private readonly sx: Float64Array;
  private readonly sxy: Float64Array;
  private readonly sxx: Float64Array;
  rows = 0;

  constructor(readonly dims: number) {
    this.sx = new Float64Array(dims);
    this.sxy = new Float64Array(dims);
    this.sxx = new Float64Array(dims * dims);
  }

  /** Adds a 0/1 row of `dims` values with its target y and weight w (>= 0). */
  add(z: Uint8Array, y: number, w: number): void {
    const D = this.dims;
    this.sw += w;
    this.sy += w * y;
    this.syy += w * y * y;
    this.rows++;
    for (let i = 0; i < D; i++) {
      if (!z[i]) continue;
      this.sx[i] += w;
      this.sxy[i] += w * y;
      const row = i * D;
      for (let j = 0; j <= i; j++) if (z[j]) this.sxx[row + j] += w;
    }
  }

  /**
   * sklearn's Ridge(alpha, fit_intercept=True) with sample weights: centre by the weighted means, solve
   * (Xc' W Xc + alpha I) w = Xc' W yc, intercept = mean(y) - mean(x)·w; R^2 is the weighted score
   * (sklearn's r2_score: 1 - SSE/SST; 1 when the targets do not vary and are fitted, else 0). When the
   * system is singular (alpha = 0 and a constant column) the ridge is raised until it factorises.
   */
  fit(alpha: number): { weights: Float64Array; intercept: number; r2: number } {
    const D = this.dims;
    const weights = new Float64Array(D);
    if (this.rows === 0 || this.sw <= 0) return { weights, intercept: 0, r2: 0 };
    const sw = this.sw;
    const A = new Float64Array(D * D);
    const b = new Float64Array(D);
    for (let i = 0; i < D; i++) {
      b[i] = this.sxy[i] - (this.sx[i] * this.sy) / sw;
      for (let j = 0; j <= i; j++) {
        const v = this.sxx[i * D + j] - (this.sx[i] * this.sx[j]) / sw;
        A[i * D + j] = v;
        A[j * D + i] = v;
      }
    }
    let scale = 0;
    for (let i = 0; i < D; i++) scale = Math.max(scale, A[i * D + i]);
    let ridge = alpha;
    let L: Float64Array | null = null;
    for (let attempt = 0; attempt < 12 && !L; attempt++) {
      const T = Float64Array.from(A);
      for (let i = 0; i < D; i++) T[i * D + i] += ridge;
      if (choleskyInPlace(T, D)) L = T;
      ridge = Math.max(ridge * 10, 1e-10 * (scale || 1));
    }
    if (L) weights.set(choleskySolve(L, D, b));
    let dot = 0;
    let quad = 0;
    for (let i = 0; i < D; i++) {
      dot += weights[i] * b[i];
      let s = 0;
      for (let j = 0; j < D; j++) s += A[i * D + j] * weights[j];
      quad += weights[i] * s;
    }
    let sxw = 0;
    for (let i = 0; i < D; i++) sxw += this.sx[i] * weights[i];
    const intercept = (this.sy - sxw) / sw;
    const sst = this.syy - (this.sy * this.sy) / sw;
    const sse = Math.max(0, sst - 2 * dot + quad);
    const r2 = sst > 1e-15 * Math.max(1, this.syy) ? 1 - sse / sst : sse <= 1e-15 ? 1 : 0;
    return { weights, intercept, r2 };
  }
}
