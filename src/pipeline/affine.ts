// 3x3 affine matrices (row-major) acting on column vectors (col, row, 1), as in FORMATS.md.
import type { Affine } from "../model/types.js";

export function affine(a: number, b: number, c: number, d: number, e: number, f: number): Affine {
  return Float64Array.from([a, b, c, d, e, f, 0, 0, 1]);
}

/** Scale each axis: (col, row) -> (sx col, sy row). */
export function scaling(sx: number, sy: number): Affine {
  return affine(sx, 0, 0, 0, sy, 0);
}

export function translation(tx: number, ty: number): Affine {
  return affine(1, 0, tx, 0, 1, ty);
}

/** Rotation by `theta` radians (x towards y) and uniform scale `s` about the origin. */
export function rotationScale(theta: number, s: number): Affine {
  const c = Math.cos(theta) * s;
  const n = Math.sin(theta) * s;
  return affine(c, -n, 0, n, c, 0);
}

/** The matrix product a b: apply b first, then a. */
function compose(a: Affine, b: Affine): Affine {
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) sum += a[i * 3 + k]! * b[k * 3 + j]!;
      out[i * 3 + j] = sum;
    }
  }
  return out;
}

/** Composes left to right in the order applied: then(m1, m2, m3) applies m1 first. */
export function chain(...matrices: Affine[]): Affine {
  return matrices.reduce((acc, m) => compose(m, acc));
}

export function invert(m: Affine): Affine {
  const [a, b, c, d, e, f] = [m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!];
  const det = a * e - b * d;
  return affine(e / det, -b / det, (b * f - c * e) / det, -d / det, a / det, (c * d - a * f) / det);
}

export function apply(m: Affine, x: number, y: number): [number, number] {
  return [m[0]! * x + m[1]! * y + m[2]!, m[3]! * x + m[4]! * y + m[5]!];
}
