/** 3x3 affine matrices, row-major, acting on column vectors `(x, y, 1)` (FORMATS.md). */
export type Matrix3 = Float64Array;

export function affine(a: number, b: number, tx: number, c: number, d: number, ty: number): Matrix3 {
  return new Float64Array([a, b, tx, c, d, ty, 0, 0, 1]);
}

export function multiply(left: Matrix3, right: Matrix3): Matrix3 {
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      out[i * 3 + j] = left[i * 3] * right[j] + left[i * 3 + 1] * right[3 + j] + left[i * 3 + 2] * right[6 + j];
    }
  }
  return out;
}

export function invert(m: Matrix3): Matrix3 {
  const det = m[0] * m[4] - m[1] * m[3];
  if (det === 0) throw new Error("singular affine matrix");
  const a = m[4] / det;
  const b = -m[1] / det;
  const c = -m[3] / det;
  const d = m[0] / det;
  return affine(a, b, -(a * m[2] + b * m[5]), c, d, -(c * m[2] + d * m[5]));
}

/** Applies `m` to the point (x, y). */
export function apply(m: Matrix3, x: number, y: number): [number, number] {
  return [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]];
}
