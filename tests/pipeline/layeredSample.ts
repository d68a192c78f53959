/**
 * A small, independent forward model of a sputter depth profile through an SEI spot, for
 * testing the depth models against known truth: epoxy and a hard-carbon particle, with a spot
 * of inorganic SEI under a bumpy organic layer on the carbon. Each column is sputtered at the
 * rate of the material being removed; each layer's signal is the exponentially weighted
 * composition below its analysis depth (information depth) times per-material yields, with
 * Poisson noise. All lengths in metres.
 */
import { mulberry32 } from "../../src/random/mulberry32.js";

export const MATERIALS = ["epoxy", "hc", "inorganic", "organic"] as const;
/** Sputter rates, metres per unit dose (organic fastest, inorganic slowest). */
export const RATES = [1.6e-9, 1.2e-9, 0.6e-9, 2.5e-9];
export const LABELS = ["Na2F+", "Na2Cl+", "Na2O+", "C5H13+"];

export interface LayeredSample {
  rows: number;
  cols: number;
  layers: number;
  channels: number;
  counts: Float32Array;
  total: Float32Array;
  cumulativeDose: Float64Array;
  /** True `[layers + 1, pixels]` depth at which each layer's analysis began. */
  layerDepth: Float32Array;
  /** Removed depth as an AFM difference would give it (with noise). */
  removed: Float64Array;
  /** True depth of the inner-SEI/HC interface; NaN off the spot. */
  interfaceDepth: Float64Array;
  /** 1 where the spot is at least two pixels from its edge. */
  spotCore: Uint8Array;
  /** `[materials, layers, pixels]` (MATERIALS order): what each layer's signal sees, weighted by the information depth. */
  seenFractions: Float32Array;
  /** `[materials, layers, pixels]`: the share of each material in the depth each layer's sputter frame removed. */
  removedFractions: Float32Array;
}

interface Segment {
  material: number;
  thickness: number;
}

export interface SampleOptions {
  rows?: number;
  cols?: number;
  layers?: number;
  seed?: number;
  informationDepth?: number;
}

export function layeredSample(options: SampleOptions = {}): LayeredSample {
  const rows = options.rows ?? 40;
  const cols = options.cols ?? 40;
  const layers = options.layers ?? 80;
  const lambda = options.informationDepth ?? 1.5e-9;
  const random = mulberry32(options.seed ?? 1);
  const pixels = rows * cols;
  const pitch = 0.1e-6;
  const cumulativeDose = new Float64Array(layers);
  for (let k = 0, dose = 0; k < layers; k++) {
    dose += k < layers / 2 ? 0.6 : 0.9;
    cumulativeDose[k] = dose;
  }
  const bumps = Array.from({ length: 6 }, () => ({
    x: (1.6 + random() * 1.6) * 1e-6,
    y: (0.8 + random() * 2.4) * 1e-6,
    height: (10 + random() * 25) * 1e-9,
  }));
  const spot = { x: 2.4e-6, y: 2.0e-6, radius: 1.3e-6 };
  const channels = LABELS.length;
  const counts = new Float32Array(layers * channels * pixels);
  const total = new Float32Array(layers * pixels);
  const layerDepth = new Float32Array((layers + 1) * pixels);
  const removed = new Float64Array(pixels);
  const interfaceDepth = new Float64Array(pixels).fill(NaN);
  const spotCore = new Uint8Array(pixels);
  const seenFractions = new Float32Array(MATERIALS.length * layers * pixels);
  const removedFractions = new Float32Array(MATERIALS.length * layers * pixels);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const p = r * cols + c;
      const x = c * pitch;
      const y = r * pitch;
      const column: Segment[] = [];
      const distance = Math.hypot(x - spot.x, y - spot.y);
      if (x < 1.0e-6) {
        column.push({ material: 0, thickness: 1 });
      } else {
        if (distance < spot.radius) {
          let organic = 25e-9;
          for (const b of bumps) organic += b.height * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * 0.35e-6 ** 2));
          const inorganic = 9e-9 + 2e-9 * Math.sin(x / 0.7e-6);
          column.push({ material: 3, thickness: organic }, { material: 2, thickness: inorganic });
          interfaceDepth[p] = organic + inorganic;
          if (distance < spot.radius - 0.2e-6) spotCore[p] = 1;
        }
        column.push({ material: 1, thickness: 1 });
      }
      const fluoride = 0.5 + 0.2 * Math.sin(y / 0.5e-6);
      let previousDose = 0;
      for (let k = 0; k <= layers; k++) {
        const depth = k === 0 ? 0 : depthAfterDose(column, cumulativeDose[k - 1]);
        layerDepth[k * pixels + p] = depth;
        if (k === layers) break;
        const seen = composition(column, depth, lambda);
        const next = depthAfterDose(column, cumulativeDose[k]);
        const share = composition(column, depth, Infinity, next);
        for (let m = 0; m < MATERIALS.length; m++) {
          seenFractions[(m * layers + k) * pixels + p] = seen[m];
          removedFractions[(m * layers + k) * pixels + p] = share[m];
        }
        const expected = yields(seen, fluoride);
        let named = 0;
        for (let ch = 0; ch < channels; ch++) {
          const n = poisson(expected[ch], random);
          counts[(k * channels + ch) * pixels + p] = n;
          named += n;
        }
        total[k * pixels + p] = named + poisson(expected[channels], random);
        previousDose = cumulativeDose[k];
      }
      removed[p] = depthAfterDose(column, previousDose) + gaussian(random) * 0.3e-9;
    }
  }
  return {
    rows, cols, layers, channels, counts, total, cumulativeDose, layerDepth, removed, interfaceDepth, spotCore,
    seenFractions, removedFractions,
  };
}

function depthAfterDose(column: Segment[], dose: number): number {
  let depth = 0;
  let left = dose;
  for (const segment of column) {
    const rate = RATES[segment.material];
    const needed = segment.thickness / rate;
    if (left <= needed) return depth + left * rate;
    depth += segment.thickness;
    left -= needed;
  }
  return depth;
}

/**
 * Material fractions below `depth`: exponentially weighted with 1/e depth `lambda`, or, with
 * an infinite lambda, the plain shares of the interval [depth, end].
 */
function composition(column: Segment[], depth: number, lambda: number, end = Infinity): Float64Array {
  const seen = new Float64Array(MATERIALS.length);
  if (!(end > depth)) {
    seen[materialAt(column, depth)] = 1;
    return seen;
  }
  let top = 0;
  for (const segment of column) {
    const bottom = Math.min(top + segment.thickness, end);
    if (bottom > depth) {
      const a = Math.max(top, depth) - depth;
      const b = bottom - depth;
      seen[segment.material] += Number.isFinite(lambda)
        ? Math.exp(-a / lambda) - Math.exp(-b / lambda)
        : (b - a) / (end - depth);
    }
    top += segment.thickness;
    if (top >= end) break;
  }
  return seen;
}

function materialAt(column: Segment[], depth: number): number {
  let top = 0;
  for (const segment of column) {
    top += segment.thickness;
    if (top > depth) return segment.material;
  }
  return column[column.length - 1].material;
}

/** Expected counts per layer: the four channels, then the other matrix ions of the total. */
function yields(seen: Float64Array, fluoride: number): number[] {
  const [epoxy, hc, inorganic, organic] = seen;
  const chloride = (1 - fluoride) * 0.6;
  const oxide = 1 - fluoride - chloride;
  return [
    inorganic * 300 * fluoride + hc * 6 + organic * 3 + epoxy * 1,
    inorganic * 300 * chloride + hc * 3 + organic * 2 + epoxy * 1,
    inorganic * 300 * oxide + hc * 3 + organic * 2 + epoxy * 1,
    organic * 120 + epoxy * 30 + hc * 4 + inorganic * 8,
    epoxy * 400 + hc * 1500 + inorganic * 600 + organic * 500,
  ];
}

function poisson(mean: number, random: () => number): number {
  if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let product = random();
  while (product > limit) {
    k++;
    product *= random();
  }
  return k;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() || 1e-300)) * Math.cos(2 * Math.PI * random());
}
