// Plain-TypeScript reference of the refinement kernel (assembly/refine.ts), in float64.
import { sample } from "./resample.js";
import { type NormalEquations, type RefineImages, type RefineState, refineParameters } from "../refineEquations.js";

export function refineNormalEquationsReference(images: RefineImages, state: RefineState): NormalEquations {
  const { fixed, fixedDx, fixedDy, fixedRows, fixedCols, moving, normals, weights, movingRows, movingCols } = images;
  const [a, b, c, d, e, f] = state.movingToFixed as unknown as number[];
  const [cx, cy] = state.centre;
  const { gain, offset, shift } = state;
  const similarity = state.model === "similarity";
  const n = refineParameters(state.model, normals !== undefined);
  const shiftAt = similarity ? 4 : 6;
  const photometric = n - 2;
  const normal = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  const jacobian = new Float64Array(n);
  for (let row = 0; row < movingRows; row++) {
    const y = row - cy;
    for (let col = 0; col < movingCols; col++) {
      const i = row * movingCols + col;
      const target = moving[i]!;
      const weight = weights ? weights[i]! : 1;
      if (!(weight > 0)) continue;
      const sx = a! * col + b! * row + c!;
      const sy = d! * col + e! * row + f!;
      if (!(sx >= -0.5 && sx <= fixedCols - 0.5 && sy >= -0.5 && sy <= fixedRows - 0.5) || Number.isNaN(target)) continue;
      const value = sample(fixed, fixedRows, fixedCols, sx, sy, "bilinear");
      if (Number.isNaN(value)) continue;
      const wx = sample(fixedDx, fixedRows, fixedCols, sx, sy, "bilinear");
      const wy = sample(fixedDy, fixedRows, fixedCols, sx, sy, "bilinear");
      const x = col - cx;
      const gx = gain * wx;
      const gy = gain * wy;
      const slope = normals ? wx * (a! * normals[0][i]! + b! * normals[1][i]!) + wy * (d! * normals[0][i]! + e! * normals[1][i]!) : 0;
      const modelled = value + shift * slope;
      // Similarity: x' = p x - q y + c, y' = q x + p y + f with p = a = e, q = d = -b.
      if (similarity) jacobian.set([gx * x + gy * y, -gx * y + gy * x, gx, gy]);
      else jacobian.set([gx * x, gx * y, gx, gy * x, gy * y, gy]);
      if (normals) jacobian[shiftAt] = gain * slope;
      jacobian[photometric] = modelled;
      jacobian[photometric + 1] = 1;
      const residual = target - (gain * modelled + offset);
      for (let p = 0; p < n; p++) {
        rhs[p]! += weight * jacobian[p]! * residual;
        for (let q = p; q < n; q++) normal[p * n + q]! += weight * jacobian[p]! * jacobian[q]!;
      }
    }
  }
  for (let p = 0; p < n; p++) for (let q = 0; q < p; q++) normal[p * n + q] = normal[q * n + p]!;
  return { parameters: n, normal, rhs };
}
