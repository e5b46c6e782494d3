// Elementwise arithmetic for the wasm backend, four lanes at a time: z = x ∘ y where y repeats
// every ny elements along x (equal shapes: ny = n; a bias or position table: its size), or with
// the operands swapped (z = y ∘ x). kind: 0 add, 1 sub, 2 mul, 3 div.

// @ts-ignore: decorator
@inline function op4(kind: i32, a: v128, b: v128): v128 {
  if (kind == 0) return f32x4.add(a, b);
  if (kind == 1) return f32x4.sub(a, b);
  if (kind == 2) return f32x4.mul(a, b);
  return f32x4.div(a, b);
}

// @ts-ignore: decorator
@inline function op1(kind: i32, a: f32, b: f32): f32 {
  if (kind == 0) return a + b;
  if (kind == 1) return a - b;
  if (kind == 2) return a * b;
  return a / b;
}

export function binaryRepeat(kind: i32, x: usize, y: usize, z: usize, n: i32, ny: i32, swap: bool): void {
  for (let base = 0; base < n; base += ny) {
    const end = min(ny, n - base);
    const e4 = end & ~3;
    const xb = x + (<usize>base << 2);
    const zb = z + (<usize>base << 2);
    if (swap) {
      for (let j = 0; j < e4; j += 4) v128.store(zb + (<usize>j << 2), op4(kind, v128.load(y + (<usize>j << 2)), v128.load(xb + (<usize>j << 2))));
      for (let j = e4; j < end; j++) store<f32>(zb + (<usize>j << 2), op1(kind, load<f32>(y + (<usize>j << 2)), load<f32>(xb + (<usize>j << 2))));
    } else {
      for (let j = 0; j < e4; j += 4) v128.store(zb + (<usize>j << 2), op4(kind, v128.load(xb + (<usize>j << 2)), v128.load(y + (<usize>j << 2))));
      for (let j = e4; j < end; j++) store<f32>(zb + (<usize>j << 2), op1(kind, load<f32>(xb + (<usize>j << 2)), load<f32>(y + (<usize>j << 2))));
    }
  }
}
