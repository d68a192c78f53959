/**
 * Hand-computed voxel columns (dz = 1 nm, voxel 0 spanning heights 9..10 nm), shared by the
 * reference and kernel tests. Two channels; channel 1 holds ten times channel 0.
 *
 * Pixel 0: surface 10 nm, layer tops at depths 0, 1.5, 2 nm, bottom 4 nm, counts 3, 1, 4.
 *   Layer 0 spans 8.5..10 nm: 2 counts to voxel 0 and 1 to voxel 1; layer 1 (8..8.5) adds 1 to
 *   voxel 1; layer 2 (6..8) gives 2 to voxels 2 and 3.
 * Pixel 1: surface 9.25 nm, depths 0, 0, 1, 1 nm, counts 5, 2, 7: the zero-thickness layers put
 *   their counts where they sit (5 in voxel 0, 7 in voxel 1); layer 1 (8.25..9.25) splits 0.5/1.5.
 * Pixel 2: no depth (NaN): no data at all.
 */
const nm = 1e-9;
export const handGrid = { zTop: 9.5 * nm, dz: 1 * nm, nz: 6 };
const layers = 3;
const pixels = 3;
const channels = 2;
const depths = [
  [0, 1.5, 2, 4],
  [0, 0, 1, 1],
  [NaN, NaN, NaN, NaN],
];
const layerCounts = [
  [3, 1, 4],
  [5, 2, 7],
  [1, 1, 1],
];
export const handInput = {
  surface: Float32Array.of(10 * nm, 9.25 * nm, 10 * nm),
  layerDepth: Float32Array.from({ length: (layers + 1) * pixels }, (_, i) => depths[i % pixels][Math.floor(i / pixels)] * nm),
  counts: Float32Array.from({ length: layers * channels * pixels }, (_, i) => {
    const p = i % pixels;
    const c = Math.floor(i / pixels) % channels;
    const k = Math.floor(i / (pixels * channels));
    return layerCounts[p][k] * (c === 1 ? 10 : 1);
  }),
  pixels,
  layers,
  channels,
};
/** Expected channel-0 columns, voxel 0 first; channel 1 is ten times these. */
export const handColumns = [
  [2, 2, 2, 2, NaN, NaN],
  [5.5, 8.5, NaN, NaN, NaN, NaN],
  [NaN, NaN, NaN, NaN, NaN, NaN],
];

/** A random profile: bumpy surfaces, uneven steps (some zero), Poisson-like counts. */
export function randomProfile(rows: number, cols: number, layers: number, channels: number, seed: number) {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pixels = rows * cols;
  const surface = Float32Array.from({ length: pixels }, () => (50 + 20 * random()) * nm);
  const layerDepth = new Float32Array((layers + 1) * pixels);
  for (let p = 0; p < pixels; p++) {
    for (let k = 0; k < layers; k++) {
      const step = random() < 0.05 ? 0 : (0.2 + 2 * random()) * nm;
      layerDepth[(k + 1) * pixels + p] = layerDepth[k * pixels + p] + step;
    }
  }
  const counts = Float32Array.from({ length: layers * channels * pixels }, () => Math.floor(random() * 30));
  return { surface, layerDepth, counts, pixels, layers, channels };
}

/** Largest relative difference between a column's voxel sum and its layer sum (columns with a depth). */
export function worstConservationError(
  voxels: Float32Array,
  input: { counts: Float32Array; layerDepth: Float32Array; pixels: number; layers: number; channels: number },
  nz: number,
): number {
  const { pixels, layers, channels, counts } = input;
  let worst = 0;
  for (let c = 0; c < channels; c++) {
    for (let p = 0; p < pixels; p++) {
      if (Number.isNaN(input.layerDepth[layers * pixels + p])) continue;
      let layerSum = 0;
      for (let k = 0; k < layers; k++) layerSum += counts[(k * channels + c) * pixels + p];
      let voxelSum = 0;
      for (let i = 0; i < nz; i++) {
        const v = voxels[(c * nz + i) * pixels + p];
        if (!Number.isNaN(v)) voxelSum += v;
      }
      worst = Math.max(worst, Math.abs(voxelSum - layerSum) / Math.max(layerSum, 1));
    }
  }
  return worst;
}

/**
 * A column from 10 nm down to 7 nm in float32 (neither value is exact in binary), on voxels of
 * 1 nm from 9..10 nm down: it fills voxels 0-2 exactly, and voxel 3 must stay without data.
 */
export const boundaryInput = {
  surface: Float32Array.of(10 * nm),
  layerDepth: Float32Array.of(0, 1 * nm, 3 * nm),
  counts: Float32Array.of(4, 6),
  pixels: 1,
  layers: 2,
  channels: 1,
};
export const boundaryColumn = [4, 3, 3, NaN];
