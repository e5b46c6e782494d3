// Two interleaved spirals, the classic toy problem a linear model cannot separate (Lang & Witbrock
// 1988): n points in the plane, alternately labelled 0 and 1, with a little seeded noise.

export interface Spirals {
  /** (n, 2) row-major coordinates. */
  x: number[];
  /** n labels, 0 or 1. */
  y: number[];
}

export function twoSpirals(n: number, normal: () => number, noise = 0.02): Spirals {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const r = (i / n) * 5 + 0.3;
    const angle = (i / n) * 2 * Math.PI + label * Math.PI;
    x.push((r * Math.cos(angle)) / 3 + normal() * noise, (r * Math.sin(angle)) / 3 + normal() * noise);
    y.push(label);
  }
  return { x, y };
}

/** Share of points whose larger logit (of an (n, 2) row-major array) is their label. */
export function accuracy(logits: ArrayLike<number>, labels: number[]): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if ((logits[2 * i + 1]! > logits[2 * i]! ? 1 : 0) === labels[i]) correct++;
  return correct / labels.length;
}
