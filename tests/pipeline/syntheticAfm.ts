// A synthetic AFM scan with known truth: raised particles on a flat substrate, distorted by
// tilt, bow, offset, line offsets, scars and noise, as SCIENCE.md lists them.
import { normal, uniform } from "../kernels/random.js";

export interface SyntheticAfm {
  rows: number;
  cols: number;
  /** Undistorted heights, metres: 0 on the substrate. */
  truth: Float64Array;
  /** What the instrument records. */
  measured: Float64Array;
  /** 1 on scar pixels. */
  scars: Uint8Array;
  noise: number;
}

export interface SyntheticAfmOptions {
  rows?: number;
  cols?: number;
  /** Pixel pitch [dy, dx], metres. */
  pixelSize?: [number, number];
  noise?: number;
  particles?: number;
  scars?: number;
  /** Quadratic bow amplitude over the field, metres (0 = none). */
  bow?: number;
}

export function syntheticAfm(seed: number, options: SyntheticAfmOptions = {}): SyntheticAfm {
  const rows = options.rows ?? 128;
  const cols = options.cols ?? 2048;
  const [dy, dx] = options.pixelSize ?? [390e-9, 24.4e-9];
  const noise = options.noise ?? 1e-9;
  const next = uniform(seed);
  const gauss = normal(seed + 1);
  const truth = new Float64Array(rows * cols);
  for (let p = 0; p < (options.particles ?? 12); p++) {
    const cy = next() * rows * dy;
    const cx = next() * cols * dx;
    const radius = (0.5 + next() * 2.5) * 1e-6;
    const height = (30 + next() * 270) * 1e-9;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const d2 = ((r * dy - cy) ** 2 + (c * dx - cx) ** 2) / radius ** 2;
        // A spherical cap: steep flanks like a particle's, zero outside its radius.
        if (d2 < 1) truth[r * cols + c] = Math.max(truth[r * cols + c]!, height * Math.sqrt(1 - d2));
      }
    }
  }
  const measured = new Float64Array(rows * cols);
  const tiltX = (next() - 0.5) * 4e-3;
  const tiltY = (next() - 0.5) * 4e-3;
  const offset = (next() - 0.5) * 2e-6;
  const bow = options.bow ?? 0;
  for (let r = 0; r < rows; r++) {
    const lineOffset = gauss() * 20e-9;
    for (let c = 0; c < cols; c++) {
      const u = (2 * c) / (cols - 1) - 1;
      const v = (2 * r) / (rows - 1) - 1;
      measured[r * cols + c] =
        truth[r * cols + c]! + offset + tiltX * c * dx + tiltY * r * dy + bow * (u * u + 0.5 * v * v - 0.3 * u * v) +
        lineOffset + gauss() * noise;
    }
  }
  const scars = new Uint8Array(rows * cols);
  for (let s = 0; s < (options.scars ?? 5); s++) {
    const r = 1 + Math.floor(next() * (rows - 2));
    const start = Math.floor(next() * cols * 0.7);
    const length = 40 + Math.floor(next() * cols * 0.25);
    const jump = (next() < 0.5 ? -1 : 1) * (15 + next() * 40) * 1e-9;
    for (let c = start; c < Math.min(cols, start + length); c++) {
      measured[r * cols + c]! += jump;
      scars[r * cols + c] = 1;
    }
  }
  return { rows, cols, truth, measured, scars, noise };
}

/** RMS of (levelled - truth) over pixels where the truth is substrate, after removing the mean. */
export function substrateResidualRms(levelled: Float64Array, truth: Float64Array): number {
  let sum = 0;
  let sumSquares = 0;
  let n = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] !== 0) continue;
    const d = levelled[i]! - truth[i]!;
    sum += d;
    sumSquares += d * d;
    n++;
  }
  const mean = sum / n;
  return Math.sqrt(sumSquares / n - mean * mean);
}
