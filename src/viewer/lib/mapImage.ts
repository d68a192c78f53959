/**
 * The 2D map's image: one channel at one voxel layer or summed over depth, as values per SIMS
 * pixel, then as RGBA through a colour-blind-safe perceptual colour map (viridis).
 */

/** A voxel layer index, or the sum over every layer with data. */
export type MapLayer = number | "sum";

/**
 * One channel's top-down values. `values` holds the channel's `[nz, rows, cols]` voxels; NaN
 * (no data) stays NaN at a layer, and a column without any data sums to NaN, not to 0.
 */
export function channelMap(values: Float32Array, nz: number, pixels: number, layer: MapLayer): Float32Array {
  if (values.length !== nz * pixels) throw new RangeError(`channel has ${values.length} voxels, expected ${nz} x ${pixels}`);
  if (layer !== "sum") {
    if (!Number.isInteger(layer) || layer < 0 || layer >= nz) throw new RangeError(`layer ${layer} is outside 0..${nz - 1}`);
    return values.slice(layer * pixels, (layer + 1) * pixels);
  }
  const sums = new Float64Array(pixels);
  const withData = new Uint8Array(pixels);
  for (let i = 0; i < nz; i++) {
    const offset = i * pixels;
    for (let p = 0; p < pixels; p++) {
      const value = values[offset + p];
      if (Number.isNaN(value)) continue;
      sums[p] += value;
      withData[p] = 1;
    }
  }
  return Float32Array.from(sums, (sum, p) => (withData[p] ? sum : Number.NaN));
}

/** Viridis at nine evenly spaced stops, linearly interpolated between them. */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [0x44, 0x01, 0x54],
  [0x47, 0x2d, 0x7b],
  [0x3b, 0x52, 0x8b],
  [0x2c, 0x72, 0x8e],
  [0x21, 0x91, 0x8c],
  [0x28, 0xae, 0x80],
  [0x5e, 0xc9, 0x62],
  [0xad, 0xdc, 0x30],
  [0xfd, 0xe7, 0x25],
];

/** The colour map at `t` in [0, 1] (clamped), as `[r, g, b]` in 0..255. */
export function colourAt(t: number): [number, number, number] {
  const position = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const below = Math.min(VIRIDIS.length - 2, Math.floor(position));
  const f = position - below;
  const [a, b] = [VIRIDIS[below], VIRIDIS[below + 1]];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as [number, number, number];
}

/**
 * RGBA pixels (row-major, row 0 first) of `values` mapped linearly from `range` onto the colour
 * map; NaN pixels are transparent.
 */
export function mapRgba(values: ArrayLike<number>, range: readonly [number, number]): Uint8ClampedArray {
  const [low, high] = range;
  const width = high - low;
  const rgba = new Uint8ClampedArray(values.length * 4);
  for (let p = 0; p < values.length; p++) {
    const value = values[p];
    if (Number.isNaN(value)) continue;
    const [r, g, b] = colourAt(width > 0 ? (value - low) / width : 0);
    rgba.set([r, g, b, 255], p * 4);
  }
  return rgba;
}
