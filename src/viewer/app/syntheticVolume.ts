/**
 * A synthetic afmsims-volume for development and tests: a salt-crystal sample under a thin
 * organic film, with a buried fluoride layer, as Poisson counts. Deterministic for a given seed.
 */
import type { VolumeModel } from "../../model/types.js";
import { mulberry32 } from "../../random/mulberry32.js";

export interface SyntheticVolumeOptions {
  rows?: number;
  cols?: number;
  nz?: number;
  /** Lateral field of view, metres. */
  field?: number;
  /** Voxel height, metres. */
  dz?: number;
  seed?: number;
}

export const SYNTHETIC_LABELS = ["Na2F+", "Na2Cl+", "Na2O+", "C5H13+"];

interface Crystal {
  row: number;
  col: number;
  /** Lateral radius, pixels. */
  radius: number;
  /** Height above the substrate, metres. */
  height: number;
}

export function syntheticVolume(options: SyntheticVolumeOptions = {}): VolumeModel {
  const rows = options.rows ?? 128;
  const cols = options.cols ?? 128;
  const nz = options.nz ?? 48;
  const field = options.field ?? 40e-6;
  const dz = options.dz ?? 5e-9;
  const random = mulberry32(options.seed ?? 7);
  const dy = field / rows;
  const dx = field / cols;

  const crystals: Crystal[] = Array.from({ length: 7 }, () => ({
    row: rows * (0.12 + 0.76 * random()),
    col: cols * (0.12 + 0.76 * random()),
    radius: Math.min(rows, cols) * (0.05 + 0.06 * random()),
    height: 40e-9 + 60e-9 * random(),
  }));
  const crystalHeight = (row: number, col: number) => {
    let height = 0;
    for (const c of crystals) {
      const r2 = ((row - c.row) ** 2 + (col - c.col) ** 2) / c.radius ** 2;
      if (r2 < 1) height = Math.max(height, c.height * Math.sqrt(1 - r2));
    }
    return height;
  };

  const surfaceBefore = new Float32Array(rows * cols);
  const surfaceAfter = new Float32Array(rows * cols);
  const crystalCap = new Float32Array(rows * cols);
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const i = row * cols + col;
      const waviness = 4e-9 * Math.sin((2 * Math.PI * col) / cols) * Math.cos((3 * Math.PI * row) / rows);
      crystalCap[i] = crystalHeight(row, col);
      surfaceBefore[i] = crystalCap[i] + waviness;
      // Salt sputters faster than the substrate, so the crater is deeper under the crystals.
      surfaceAfter[i] = surfaceBefore[i] - (120e-9 + 0.6 * crystalCap[i]);
    }
  }
  // Not Math.max(...surfaceBefore): a paper-size field (512 x 512) overflows the argument stack.
  const zTop = surfaceBefore.reduce((highest, h) => Math.max(highest, h), -Infinity) - dz / 2;

  const voxels = nz * rows * cols;
  const data = new Float32Array(SYNTHETIC_LABELS.length * voxels);
  for (let layer = 0; layer < nz; layer++) {
    const height = zTop - layer * dz;
    for (let i = 0; i < rows * cols; i++) {
      const voxel = layer * rows * cols + i;
      if (height > surfaceBefore[i] || height < surfaceAfter[i]) {
        for (let channel = 0; channel < SYNTHETIC_LABELS.length; channel++) data[channel * voxels + voxel] = Number.NaN;
        continue;
      }
      const depth = surfaceBefore[i] - height;
      const inCrystal = height > 0 && height <= crystalCap[i];
      const fluoride = height < -25e-9 && height > -55e-9 ? 1 : 0;
      const expected = [
        2 + 40 * fluoride,
        inCrystal ? 60 : 1,
        3 + (inCrystal ? 0 : 8 * Math.exp(-depth / 15e-9)),
        depth < 12e-9 ? 30 : 0.5,
      ];
      expected.forEach((mean, channel) => {
        data[channel * voxels + voxel] = poisson(mean, random);
      });
    }
  }

  const layers = nz / 2;
  const layerDepth = new Float32Array((layers + 1) * rows * cols);
  for (let layer = 0; layer <= layers; layer++) {
    for (let i = 0; i < rows * cols; i++) {
      layerDepth[layer * rows * cols + i] = ((surfaceBefore[i] - surfaceAfter[i]) * layer) / layers;
    }
  }

  return {
    source: "synthetic",
    data,
    channels: SYNTHETIC_LABELS.length,
    nz,
    rows,
    cols,
    voxelSize: [dz, dy, dx],
    zTop,
    labels: [...SYNTHETIC_LABELS],
    surfaceBefore,
    surfaceAfter,
    afmToSims: Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1),
    drift: new Float64Array(layers * 2),
    layers,
    layerDepth,
  };
}

/** Knuth's method below a mean of 30, a rounded normal above it (close enough for display data). */
function poisson(mean: number, random: () => number): number {
  if (mean >= 30) {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
  }
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random();
  while (product > limit) {
    count++;
    product *= random();
  }
  return count;
}
