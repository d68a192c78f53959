import type { Random } from "../random.js";

/**
 * Smooth random relief: unit-variance normal values on a square lattice, interpolated with
 * smoothstep weights (continuous slope), so it can be evaluated at any point.
 */
export interface ValueNoise {
  x0: number;
  y0: number;
  spacing: number;
  nx: number;
  ny: number;
  values: Float32Array;
}

export function makeValueNoise(
  bounds: { xMin: number; xMax: number; yMin: number; yMax: number },
  spacing: number,
  random: Random,
): ValueNoise {
  const nx = Math.ceil((bounds.xMax - bounds.xMin) / spacing) + 2;
  const ny = Math.ceil((bounds.yMax - bounds.yMin) / spacing) + 2;
  const values = new Float32Array(nx * ny);
  for (let i = 0; i < values.length; i++) values[i] = random.normal();
  return { x0: bounds.xMin, y0: bounds.yMin, spacing, nx, ny, values };
}

export function noiseAt(noise: ValueNoise, x: number, y: number): number {
  let fx = (x - noise.x0) / noise.spacing;
  let fy = (y - noise.y0) / noise.spacing;
  fx = Math.min(Math.max(fx, 0), noise.nx - 1.000001);
  fy = Math.min(Math.max(fy, 0), noise.ny - 1.000001);
  const i = Math.floor(fx);
  const j = Math.floor(fy);
  let tx = fx - i;
  let ty = fy - j;
  tx = tx * tx * (3 - 2 * tx);
  ty = ty * ty * (3 - 2 * ty);
  const v = noise.values;
  const row = j * noise.nx + i;
  const top = v[row] + (v[row + 1] - v[row]) * tx;
  const bottom = v[row + noise.nx] + (v[row + noise.nx + 1] - v[row + noise.nx]) * tx;
  // bilinear interpolation of independent values loses variance; 1.3 restores it to about one
  return 1.3 * (top + (bottom - top) * ty);
}
