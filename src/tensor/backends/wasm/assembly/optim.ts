// The Adam/AdamW update for the wasm backend, in place on the parameter w and its moments m and
// v, four lanes at a time; the same rule as the CPU reference (ops/optim-step.ts): decoupled
// weight decay (AdamW) uses the parameter before the update. c1, c2: bias corrections.

export function adamStep(w: usize, g: usize, m: usize, v: usize, n: i32, lr: f32, beta1: f32, beta2: f32, eps: f32, wd: f32, c1: f32, c2: f32, decoupled: bool): void {
  const n4 = n & ~3;
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const ob1 = f32x4.splat(1 - beta1);
  const ob2 = f32x4.splat(1 - beta2);
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const wi = v128.load(w + o);
    const gi = decoupled ? v128.load(g + o) : f32x4.add(v128.load(g + o), f32x4.mul(f32x4.splat(wd), wi));
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(ob1, gi));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(f32x4.mul(ob2, gi), gi));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    let up = f32x4.div(f32x4.div(mi, f32x4.splat(c1)), f32x4.add(f32x4.sqrt(f32x4.div(vi, f32x4.splat(c2))), f32x4.splat(eps)));
    if (decoupled) up = f32x4.add(up, f32x4.mul(f32x4.splat(wd), wi));
    v128.store(w + o, f32x4.sub(wi, f32x4.mul(f32x4.splat(lr), up)));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    const wi = load<f32>(w + o);
    const gi = decoupled ? load<f32>(g + o) : load<f32>(g + o) + wd * wi;
    const mi = beta1 * load<f32>(m + o) + (1 - beta1) * gi;
    const vi = beta2 * load<f32>(v + o) + (1 - beta2) * gi * gi;
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    const up = mi / c1 / (Mathf.sqrt(vi / c2) + eps) + (decoupled ? wd * wi : 0);
    store<f32>(w + o, wi - lr * up);
  }
}
