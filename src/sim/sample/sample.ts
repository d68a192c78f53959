import { UsageError } from "../../errors.js";
import { EPOXY, HARD_CARBON } from "../materials.js";
import type { SimulationParams } from "../params.js";
import type { Random } from "../random.js";
import { scatterParticles, type ParticleSeed, type Particles } from "./particles.js";
import { drawScratches, scratchHeight, type Scratches } from "./scratches.js";
import { HARMONICS, outlineRadius, smoothstep } from "./shape.js";
import { buildSpatialIndex, cellOf, type SpatialIndex } from "./spatialIndex.js";
import { depositSum, inorganicMix, makeSpots, spotEnvelope, type Spots } from "./spots.js";
import { makeValueNoise, noiseAt, type ValueNoise } from "./valueNoise.js";

const UM = 1e-6;
const NM = 1e-9;
/** Width over which polishing rounds a particle's face down to the epoxy. */
const POLISH_EDGE = 0.25 * UM;

export interface Bounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The continuous sample: evaluated at any world point (metres) by `evaluateColumns`. */
export interface Sample {
  flat: boolean;
  particles: Particles;
  particleIndex: SpatialIndex;
  scratches: Scratches;
  spots: Spots;
  /** Long-wavelength waviness and fine polishing roughness, unit variance. */
  waviness: ValueNoise;
  roughness: ValueNoise;
  wavinessHeight: number;
  roughnessHeight: [epoxy: number, hardCarbon: number];
}

/** What lies in one column of the sample, top down: outer SEI, inner SEI, substrate (to any depth). */
export interface Columns {
  count: number;
  /** Height of the substrate (hard carbon or epoxy) surface, metres; the original surface is this + inner + outer. */
  substrateTop: Float64Array;
  substrate: Uint8Array;
  inner: Float64Array;
  outer: Float64Array;
  /** NaF, NaCl, Na2O shares of the inner layer, interleaved `[count, 3]` (0 where there is none). */
  mix: Float64Array;
  /** 1 inside an SEI spot (its soft edge counted to half height). */
  spot: Uint8Array;
}

export function allocateColumns(count: number): Columns {
  return {
    count,
    substrateTop: new Float64Array(count),
    substrate: new Uint8Array(count),
    inner: new Float64Array(count),
    outer: new Float64Array(count),
    mix: new Float64Array(count * 3),
    spot: new Uint8Array(count),
  };
}

/**
 * Draws a sample over `bounds` (which must cover every field that will be imaged), with the SEI
 * spots on particles inside `spotBounds` (the SIMS field).
 */
export function buildSample(params: SimulationParams, bounds: Bounds, spotBounds: Bounds, random: Random): Sample {
  const centres: [number, number][] = [];
  const hosts: ParticleSeed[] = [];
  for (const spec of params.spots) {
    const spotRadius = spec.diameter / 2;
    const hostRadius = Math.max(random.between(2, 3.2) * UM, spotRadius * 1.2 + 0.3 * UM);
    const inset = hostRadius * 1.25 + 0.5 * UM;
    let placed = false;
    for (let attempt = 0; attempt < 500 && !placed; attempt++) {
      const x = random.between(spotBounds.xMin + inset, spotBounds.xMax - inset);
      const y = random.between(spotBounds.yMin + inset, spotBounds.yMax - inset);
      if (hosts.every((h) => Math.hypot(h.x - x, h.y - y) > 1.25 * (h.radius + hostRadius) + 0.5 * UM)) {
        hosts.push({ x, y, radius: hostRadius });
        // the droplet lands near, not exactly on, the particle's centre
        const slack = Math.max(0, hostRadius - spotRadius) * 0.3;
        centres.push([x + random.between(-slack, slack), y + random.between(-slack, slack)]);
        placed = true;
      }
    }
    if (!placed) throw new UsageError(`--spots: no room for ${params.spots.length} SEI spots on separate particles in the SIMS field`);
  }
  const particles = scatterParticles(bounds, hosts, 0.35, params.flat, random);
  const particleIndex = buildSpatialIndex(particles.centreX, particles.centreY, particles.reach, bounds, 2 * UM);
  const scratches = drawScratches(bounds, params.flat ? 0 : 3 + Math.floor(random.uniform() * 3), random);
  const spots = makeSpots(params.spots, centres, random);
  return {
    flat: params.flat,
    particles,
    particleIndex,
    scratches,
    spots,
    waviness: makeValueNoise(bounds, 8 * UM, random),
    roughness: makeValueNoise(bounds, 0.4 * UM, random),
    wavinessHeight: params.flat ? 0 : 4 * NM,
    roughnessHeight: params.flat ? [0, 0] : [0.8 * NM, 1.8 * NM],
  };
}

/** Which particle (or -1) covers (x, y), and how far inside its outline the point lies. */
function particleAt(sample: Sample, x: number, y: number, inside: { depth: number }): number {
  const { particles, particleIndex } = sample;
  const cell = cellOf(particleIndex, x, y);
  if (cell < 0) return -1;
  for (let k = particleIndex.start[cell]; k < particleIndex.start[cell + 1]; k++) {
    const p = particleIndex.items[k];
    const dx = x - particles.centreX[p];
    const dy = y - particles.centreY[p];
    const distance = Math.hypot(dx, dy);
    if (distance >= particles.reach[p]) continue;
    const edge = outlineRadius(particles.radius[p], particles.outline, p * 2 * HARMONICS, Math.atan2(dy, dx));
    if (distance < edge) {
      inside.depth = edge - distance;
      return p;
    }
  }
  return -1;
}

/**
 * Evaluates the sample at the world points (xs[i], ys[i]) into `out`. Heights are computed only
 * when `withHeights` (the SIMS layers need the stack but not the relief).
 */
export function evaluateColumns(sample: Sample, xs: Float64Array, ys: Float64Array, out: Columns, withHeights: boolean): void {
  const inside = { depth: 0 };
  const mix = new Float64Array(3);
  const { spots } = sample;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    const particle = particleAt(sample, x, y, inside);
    const onCarbon = particle >= 0;
    out.substrate[i] = onCarbon ? HARD_CARBON : EPOXY;
    if (withHeights) {
      let height = sample.wavinessHeight * noiseAt(sample.waviness, x, y);
      height += sample.roughnessHeight[onCarbon ? 1 : 0] * noiseAt(sample.roughness, x, y);
      if (onCarbon) height += sample.particles.relief[particle] * smoothstep(inside.depth / POLISH_EDGE);
      height += scratchHeight(sample.scratches, x, y);
      out.substrateTop[i] = height;
    }
    let inner = 0;
    let outer = 0;
    let isSpot = 0;
    mix[0] = mix[1] = mix[2] = 0;
    if (onCarbon) {
      for (let s = 0; s < spots.count; s++) {
        const envelope = spotEnvelope(spots, s, x, y);
        if (envelope <= 0) continue;
        inner = envelope * spots.innerThickness[s];
        const deposits = depositSum(spots, x, y) * spots.depositNorm[s];
        outer = envelope * spots.outerMean[s] * (spots.outerFilm[s] + (1 - spots.outerFilm[s]) * deposits);
        inorganicMix(spots, s, x, y, mix);
        isSpot = envelope >= 0.5 ? 1 : 0;
        break;
      }
    }
    out.inner[i] = inner;
    out.outer[i] = outer;
    out.spot[i] = isSpot;
    out.mix[3 * i] = mix[0];
    out.mix[3 * i + 1] = mix[1];
    out.mix[3 * i + 2] = mix[2];
  }
}
