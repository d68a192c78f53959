// Plain-TypeScript reference of the resampling kernel (assembly/resample.ts), in float64.
import type { Affine } from "../../model/types.js";
import type { ResampleMethod } from "../index.js";

function clampIndex(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

function keys(t: number): [number, number, number, number] {
  return [
    ((-0.5 * t + 1) * t - 0.5) * t,
    (1.5 * t - 2.5) * t * t + 1,
    ((-1.5 * t + 2) * t + 0.5) * t,
    (0.5 * t - 0.5) * t * t,
  ];
}

/** One interpolated sample at source point (x, y), assumed inside the source extent. */
export function sample(src: ArrayLike<number>, rows: number, cols: number, x: number, y: number, method: ResampleMethod): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const tx = x - ix;
  const ty = y - iy;
  const at = (r: number, c: number) => src[clampIndex(r, rows) * cols + clampIndex(c, cols)]!;
  if (method === "bilinear") {
    const top = at(iy, ix) * (1 - tx) + at(iy, ix + 1) * tx;
    const bottom = at(iy + 1, ix) * (1 - tx) + at(iy + 1, ix + 1) * tx;
    return top * (1 - ty) + bottom * ty;
  }
  const wx = keys(tx);
  const wy = keys(ty);
  let value = 0;
  for (let j = 0; j < 4; j++) {
    for (let i = 0; i < 4; i++) value += wy[j]! * wx[i]! * at(iy - 1 + j, ix - 1 + i);
  }
  return value;
}

/**
 * Each destination pixel is the mean of subCols x subRows samples spread over its footprint,
 * NaN when one of them falls outside [-1/2, n - 1/2]; taps beyond the edge repeat it.
 */
export function resampleAffineReference(
  src: ArrayLike<number>, srcRows: number, srcCols: number, dstRows: number, dstCols: number,
  dstToSrc: Affine, method: ResampleMethod, subCols: number, subRows: number,
): Float32Array {
  const [a, b, c, d, e, f] = dstToSrc as unknown as number[];
  const out = new Float32Array(dstRows * dstCols);
  for (let row = 0; row < dstRows; row++) {
    for (let col = 0; col < dstCols; col++) {
      let sum = 0;
      let outside = false;
      for (let t = 0; t < subRows && !outside; t++) {
        const v = row + (t + 0.5) / subRows - 0.5;
        for (let s = 0; s < subCols; s++) {
          const u = col + (s + 0.5) / subCols - 0.5;
          const x = a! * u + b! * v + c!;
          const y = d! * u + e! * v + f!;
          if (x < -0.5 || x > srcCols - 0.5 || y < -0.5 || y > srcRows - 0.5) {
            outside = true;
            break;
          }
          sum += sample(src, srcRows, srcCols, x, y, method);
        }
      }
      out[row * dstCols + col] = outside ? NaN : sum / (subCols * subRows);
    }
  }
  return out;
}
