import type { SpotSpec } from "../params.js";
import type { Random } from "../random.js";
import { HARMONICS, outlineRadius, smoothstep } from "./shape.js";
import { buildSpatialIndex, cellOf, type SpatialIndex } from "./spatialIndex.js";

const UM = 1e-6;
/** Lateral modes of each salt's share in the inner layer. */
const MIX_MODES = 3;

/**
 * SEI microspots: a uniform inorganic inner layer under a particulate organic outer layer,
 * both fading out over a soft edge. Lengths in metres.
 */
export interface Spots {
  count: number;
  centreX: Float64Array;
  centreY: Float64Array;
  radius: Float64Array;
  reach: Float64Array;
  edgeWidth: Float64Array;
  outline: Float64Array;
  innerThickness: Float64Array;
  outerMean: Float64Array;
  /** Share of the outer layer's mean that is a uniform film; the rest is deposits. */
  outerFilm: Float64Array;
  /** 1 / mean of the deposit sum over the spot's interior. */
  depositNorm: Float64Array;
  /** Deposits of all spots: centre, 1/(2 sigma^2), amplitude, and cut-off radius squared. */
  depositX: Float64Array;
  depositY: Float64Array;
  depositInvTwoVar: Float64Array;
  depositAmplitude: Float64Array;
  depositCutoff2: Float64Array;
  depositIndex: SpatialIndex;
  /** Per spot and salt (NaF, NaCl, Na2O): log of the mean share, then MIX_MODES (kx, ky, phase, amplitude). */
  mixBase: Float64Array;
  mixModes: Float64Array;
}

/** How strongly each spot sits on carbon at (x, y): the soft-edged footprint, 0..1. */
export function spotEnvelope(spots: Spots, s: number, x: number, y: number): number {
  const dx = x - spots.centreX[s];
  const dy = y - spots.centreY[s];
  const distance = Math.hypot(dx, dy);
  if (distance >= spots.reach[s]) return 0;
  const edge = outlineRadius(spots.radius[s], spots.outline, s * 2 * HARMONICS, Math.atan2(dy, dx));
  return smoothstep((edge - distance) / spots.edgeWidth[s] + 0.5);
}

export function depositSum(spots: Spots, x: number, y: number): number {
  const cell = cellOf(spots.depositIndex, x, y);
  if (cell < 0) return 0;
  let sum = 0;
  const { start, items } = spots.depositIndex;
  for (let k = start[cell]; k < start[cell + 1]; k++) {
    const d = items[k];
    const dx = x - spots.depositX[d];
    const dy = y - spots.depositY[d];
    const r2 = dx * dx + dy * dy;
    if (r2 < spots.depositCutoff2[d]) sum += spots.depositAmplitude[d] * Math.exp(-r2 * spots.depositInvTwoVar[d]);
  }
  return sum;
}

/** Writes the NaF, NaCl, Na2O shares of spot `s`'s inner layer at (x, y) into `out[0..2]`. */
export function inorganicMix(spots: Spots, s: number, x: number, y: number, out: Float64Array): void {
  let total = 0;
  for (let salt = 0; salt < 3; salt++) {
    let logit = spots.mixBase[s * 3 + salt];
    const base = (s * 3 + salt) * MIX_MODES * 4;
    for (let m = 0; m < MIX_MODES; m++) {
      const o = base + m * 4;
      logit += spots.mixModes[o + 3] * Math.cos(spots.mixModes[o] * x + spots.mixModes[o + 1] * y + spots.mixModes[o + 2]);
    }
    out[salt] = Math.exp(logit);
    total += out[salt];
  }
  for (let salt = 0; salt < 3; salt++) out[salt] /= total;
}

export function makeSpots(specs: SpotSpec[], centres: [number, number][], random: Random): Spots {
  const count = specs.length;
  const spots = {
    count,
    centreX: Float64Array.from(centres, (c) => c[0]),
    centreY: Float64Array.from(centres, (c) => c[1]),
    radius: Float64Array.from(specs, (s) => s.diameter / 2),
    reach: new Float64Array(count),
    edgeWidth: Float64Array.from(specs, (s) => Math.min(0.4 * UM, 0.25 * s.diameter)),
    outline: new Float64Array(count * 2 * HARMONICS),
    innerThickness: Float64Array.from(specs, (s) => s.innerThickness),
    outerMean: Float64Array.from(specs, (s) => s.outerMean),
    outerFilm: new Float64Array(count),
    depositNorm: new Float64Array(count),
    mixBase: new Float64Array(count * 3),
    mixModes: new Float64Array(count * 3 * MIX_MODES * 4),
  };
  const depositX: number[] = [];
  const depositY: number[] = [];
  const depositSigma: number[] = [];
  const depositAmplitude: number[] = [];
  for (let s = 0; s < count; s++) {
    let amplitudeSum = 0;
    for (let h = 0; h < HARMONICS; h++) {
      const amplitude = random.between(0, 0.06) / (h + 1);
      amplitudeSum += amplitude;
      spots.outline[s * 2 * HARMONICS + 2 * h] = amplitude;
      spots.outline[s * 2 * HARMONICS + 2 * h + 1] = random.between(0, 2 * Math.PI);
    }
    spots.reach[s] = spots.radius[s] * (1 + amplitudeSum) + spots.edgeWidth[s];
    // particulate deposits, 0.1-0.3 um across, overlapping
    const meanSigma = 0.12 * UM;
    const area = Math.PI * spots.reach[s] ** 2;
    const deposits = Math.round((area / (Math.PI * meanSigma * meanSigma)) * 1.2);
    for (let d = 0; d < deposits; d++) {
      const r = spots.reach[s] * Math.sqrt(random.uniform());
      const angle = random.between(0, 2 * Math.PI);
      depositX.push(spots.centreX[s] + r * Math.cos(angle));
      depositY.push(spots.centreY[s] + r * Math.sin(angle));
      depositSigma.push(meanSigma * random.between(0.5, 1.6));
      depositAmplitude.push(-Math.log(1 - random.uniform()));
    }
    const wavelength = specs[s].diameter * random.between(0.8, 1.6);
    for (let salt = 0; salt < 3; salt++) {
      spots.mixBase[s * 3 + salt] = Math.log(specs[s].inorganicMix[salt]);
      for (let m = 0; m < MIX_MODES; m++) {
        const o = ((s * 3 + salt) * MIX_MODES + m) * 4;
        const direction = random.between(0, 2 * Math.PI);
        const k = (2 * Math.PI) / (wavelength * random.between(0.7, 1.5));
        spots.mixModes[o] = k * Math.cos(direction);
        spots.mixModes[o + 1] = k * Math.sin(direction);
        spots.mixModes[o + 2] = random.between(0, 2 * Math.PI);
        spots.mixModes[o + 3] = random.between(0.15, 0.35);
      }
    }
  }
  const reachOfDeposit = depositSigma.map((sigma) => 3 * sigma);
  // no spots: an empty index over a token area
  const bounds =
    depositX.length > 0
      ? { xMin: Math.min(...depositX) - UM, xMax: Math.max(...depositX) + UM, yMin: Math.min(...depositY) - UM, yMax: Math.max(...depositY) + UM }
      : { xMin: 0, xMax: UM, yMin: 0, yMax: UM };
  const withDeposits: Spots = {
    ...spots,
    depositX: Float64Array.from(depositX),
    depositY: Float64Array.from(depositY),
    depositInvTwoVar: Float64Array.from(depositSigma, (sigma) => 1 / (2 * sigma * sigma)),
    depositAmplitude: Float64Array.from(depositAmplitude),
    depositCutoff2: Float64Array.from(reachOfDeposit, (r) => r * r),
    depositIndex: buildSpatialIndex(depositX, depositY, reachOfDeposit, bounds, 0.5 * UM),
  };
  for (let s = 0; s < count; s++) calibrateOuterLayer(withDeposits, s, specs[s]);
  return withDeposits;
}

/**
 * Scales spot `s`'s deposits so that its outer layer has the specified mean thickness and, as far
 * as the deposits' own spread allows, the specified standard deviation over the spot's interior.
 */
function calibrateOuterLayer(spots: Spots, s: number, spec: SpotSpec): void {
  const interior = spots.radius[s] * 0.8 - spots.edgeWidth[s] / 2;
  const step = interior / 25;
  let sum = 0;
  let sumSquares = 0;
  let n = 0;
  for (let y = -interior; y <= interior; y += step) {
    for (let x = -interior; x <= interior; x += step) {
      if (x * x + y * y > interior * interior) continue;
      const value = depositSum(spots, spots.centreX[s] + x, spots.centreY[s] + y);
      sum += value;
      sumSquares += value * value;
      n++;
    }
  }
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, sumSquares / n - mean * mean));
  spots.depositNorm[s] = 1 / mean;
  const targetSpread = spec.outerSd / spec.outerMean;
  spots.outerFilm[s] = Math.min(0.95, Math.max(0, 1 - (targetSpread * mean) / sd));
}
