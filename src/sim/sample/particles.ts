import type { Random } from "../random.js";
import { HARMONICS } from "./shape.js";

const UM = 1e-6;
const NM = 1e-9;

/** Polished hard-carbon particles in the epoxy, as parallel arrays. Lengths in metres. */
export interface Particles {
  count: number;
  centreX: Float64Array;
  centreY: Float64Array;
  radius: Float64Array;
  /** Largest extent of each outline from its centre. */
  reach: Float64Array;
  /** Per particle, HARMONICS (amplitude, phase) pairs of its outline. */
  outline: Float64Array;
  /** Height of the polished particle face against the epoxy (positive: raised). */
  relief: Float64Array;
}

export interface ParticleSeed {
  x: number;
  y: number;
  radius: number;
}

/**
 * Scatters particles of about 5 um over `bounds` without overlap until `coverage` of the area is
 * hard carbon, after placing the `required` ones (the hosts of the SEI spots) first.
 */
export function scatterParticles(
  bounds: { xMin: number; xMax: number; yMin: number; yMax: number },
  required: ParticleSeed[],
  coverage: number,
  flat: boolean,
  random: Random,
): Particles {
  const seeds: ParticleSeed[] = [...required];
  const area = (bounds.xMax - bounds.xMin) * (bounds.yMax - bounds.yMin);
  let covered = seeds.reduce((sum, s) => sum + Math.PI * s.radius * s.radius, 0);
  const gap = 0.4 * UM;
  for (let attempt = 0; attempt < 20000 && covered < coverage * area; attempt++) {
    const radius = random.between(1.5, 3.5) * UM;
    const x = random.between(bounds.xMin, bounds.xMax);
    const y = random.between(bounds.yMin, bounds.yMax);
    // outlines reach up to 1.25 radius, so keep centres that far apart plus a gap of epoxy
    const clear = seeds.every((s) => Math.hypot(s.x - x, s.y - y) > 1.25 * (s.radius + radius) + gap);
    if (!clear) continue;
    seeds.push({ x, y, radius });
    covered += Math.PI * radius * radius;
  }
  const count = seeds.length;
  const particles: Particles = {
    count,
    centreX: new Float64Array(count),
    centreY: new Float64Array(count),
    radius: new Float64Array(count),
    reach: new Float64Array(count),
    outline: new Float64Array(count * 2 * HARMONICS),
    relief: new Float64Array(count),
  };
  seeds.forEach((seed, p) => {
    particles.centreX[p] = seed.x;
    particles.centreY[p] = seed.y;
    particles.radius[p] = seed.radius;
    let amplitudeSum = 0;
    for (let h = 0; h < HARMONICS; h++) {
      const amplitude = random.between(0, 0.1) / (h + 1);
      amplitudeSum += amplitude;
      particles.outline[p * 2 * HARMONICS + 2 * h] = amplitude;
      particles.outline[p * 2 * HARMONICS + 2 * h + 1] = random.between(0, 2 * Math.PI);
    }
    particles.reach[p] = seed.radius * (1 + amplitudeSum);
    // polishing leaves the harder carbon slightly proud of (or, pulled out, below) the epoxy
    particles.relief[p] = (flat ? random.between(20, 40) : random.between(-15, 45)) * NM;
  });
  return particles;
}
