/**
 * Seeded pseudo-random numbers (xoshiro128**), so that a simulation is a pure function of its
 * seed. Each part of the simulator draws from its own named stream, so that changing one part
 * (more layers, another noise level) does not reshuffle the others.
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal = NaN;

  constructor(seed: number, stream = "") {
    let h = hashString(`${seed >>> 0}:${Math.floor(seed / 2 ** 32)}:${stream}`);
    const next = () => {
      // splitmix32 spreads the hash over the four state words
      h = (h + 0x9e3779b9) | 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next() | 1;
  }

  /** A 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform on [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Standard normal (Marsaglia polar method). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  /** Poisson-distributed count of mean `mean`, exact: inversion for small means, PTRS above. */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    return mean < 10 ? this.poissonByInversion(mean) : this.poissonByRejection(mean);
  }

  private poissonByInversion(mean: number): number {
    let k = 0;
    let p = Math.exp(-mean);
    let cumulative = p;
    const u = this.uniform();
    while (u > cumulative && k < 1000) {
      k++;
      p *= mean / k;
      cumulative += p;
    }
    return k;
  }

  /** Hörmann's transformed rejection with squeeze (PTRS, 1993), exact for means of 10 and more. */
  private poissonByRejection(mean: number): number {
    const logMean = Math.log(mean);
    const b = 0.931 + 2.53 * Math.sqrt(mean);
    const a = -0.059 + 0.02483 * b;
    const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const acceptBelow = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= acceptBelow) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(inverseAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) return k;
    }
  }

  /** Binomial(trials, p), exact, by inversion of the CDF (walks from 0, or from `trials` when p > 1/2). */
  binomial(trials: number, p: number): number {
    if (!(p > 0) || trials <= 0) return 0;
    if (p >= 1) return trials;
    if (p > 0.5) return trials - this.binomial(trials, 1 - p);
    const q = 1 - p;
    const ratio = p / q;
    let probability = Math.exp(trials * Math.log1p(-p));
    if (probability < 1e-300) return this.binomialByParts(trials, p);
    let cumulative = probability;
    const u = this.uniform();
    let k = 0;
    while (u > cumulative && k < trials) {
      probability *= (ratio * (trials - k)) / (k + 1);
      k++;
      cumulative += probability;
    }
    return k;
  }

  /** The sum of binomials over parts of the trials is the binomial of all of them. */
  private binomialByParts(trials: number, p: number): number {
    const part = 512;
    let count = 0;
    for (let start = 0; start < trials; start += part) count += this.binomial(Math.min(part, trials - start), p);
    return count;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const SMALL_LOG_FACTORIALS = [0, 0, 0.6931471805599453, 1.791759469228055, 3.1780538303479458, 4.787491742782046, 6.579251212010101, 8.525161361065415, 10.60460290274525, 12.801827480081469];

/** ln(k!), exact below 10, Stirling's series (error below 1e-10) above. */
export function logFactorial(k: number): number {
  if (k < 10) return SMALL_LOG_FACTORIALS[k];
  const n = k + 1;
  return (n - 0.5) * Math.log(n) - n + 0.9189385332046728 + 1 / (12 * n) - 1 / (360 * n ** 3) + 1 / (1260 * n ** 5);
}
