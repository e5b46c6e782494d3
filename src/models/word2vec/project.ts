// 2-D projection of word vectors by PCA: centre the rows, then the top two principal axes by
// power iteration with deflation on the covariance (D × D), deterministic from a fixed start.
// UMAP runs in the browser from the umap-js package.

export function pca2(rows: Float32Array, n: number, dim: number): Float32Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) mean[k]! += rows[i * dim + k]! / n;
  const cov = new Float64Array(dim * dim);
  const x = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < dim; k++) x[k] = rows[i * dim + k]! - mean[k]!;
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) cov[a * dim + b]! += (x[a]! * x[b]!) / n;
  }
  const axes: Float64Array[] = [];
  for (let c = 0; c < 2; c++) {
    let v = Float64Array.from({ length: dim }, (_, k) => 1 / Math.sqrt(dim) + (k % 2 ? 1e-3 : -1e-3));
    for (let it = 0; it < 200; it++) {
      const w = new Float64Array(dim);
      for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) w[a]! += cov[a * dim + b]! * v[b]!;
      for (const u of axes) {
        const d = w.reduce((s, wk, k) => s + wk * u[k]!, 0);
        for (let k = 0; k < dim; k++) w[k]! -= d * u[k]!;
      }
      const norm = Math.sqrt(w.reduce((s, wk) => s + wk * wk, 0)) || 1;
      v = w.map((wk) => wk / norm);
    }
    axes.push(v);
  }
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += (rows[i * dim + k]! - mean[k]!) * axes[c]![k]!;
      out[i * 2 + c] = s;
    }
  }
  return out;
}
