/** Irregular rounded outlines: a circle whose radius varies with angle by a few low harmonics. */
export const HARMONICS = 4;

/** Radius of an outline in direction `angle`; `coefficients` holds (amplitude, phase) for orders 2..HARMONICS+1. */
export function outlineRadius(radius: number, coefficients: Float64Array, offset: number, angle: number): number {
  let factor = 1;
  for (let h = 0; h < HARMONICS; h++) {
    factor += coefficients[offset + 2 * h] * Math.cos((h + 2) * angle + coefficients[offset + 2 * h + 1]);
  }
  return radius * factor;
}

export function smoothstep(t: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  return t * t * (3 - 2 * t);
}
