// Poisson dead-time correction (Stephan et al., JVST A 12, 1994): at most one count per
// primary pulse, so the observed mean n of N pulses relates to the true mean by
// n = N (1 - exp(-n_true / N)), hence n_true = -N ln(1 - n / N).
//
// ln(1 - x) is evaluated as log1p(-x) with a polynomial of our own: Mathf.log(1 - x) loses
// all relative precision for the small x of a few counts, and a polynomial vectorises.

const LN2_HI: f32 = 0.693145751953125;
const LN2_LO: f32 = 1.428606765330187e-6;
// Shifting the exponent by this puts the mantissa into [sqrt(1/2), sqrt(2)).
const SQRT_HALF_BITS: i32 = 0x3f3504f3;

/**
 * ln(u) for u = 1 - x, x in [0, 1), accurate to a few float32 ulps relative even for tiny x.
 * The caller forms u as (N - n) / N: near saturation that is exact where 1 - n / N is not.
 */
// @ts-ignore: decorator
@inline
function log1mScalar(x: f32, u: f32): f32 {
  const bits = reinterpret<i32>(u) + (0x3f800000 - SQRT_HALF_BITS);
  const k = <f32>((bits >> 23) - 127);
  const m = reinterpret<f32>((bits & 0x007fffff) + SQRT_HALF_BITS);
  const f: f32 = m - 1.0;
  const s: f32 = f / (2.0 + f);
  const s2: f32 = s * s;
  const series: f32 = 1.0 + s2 * (0.33333334 + s2 * (0.2 + s2 * (0.14285715 + s2 * 0.11111111)));
  // (1 - u) - x is the rounding error of forming u; dividing by u carries it through the log.
  const rounding: f32 = ((1.0 - u) - x) / u;
  return k * LN2_HI + ((s + s) * series + (k * LN2_LO + rounding));
}

// @ts-ignore: decorator
@inline
function log1mVector(x: v128, u: v128): v128 {
  const one = f32x4.splat(1.0);
  const bits = i32x4.add(u, i32x4.splat(0x3f800000 - SQRT_HALF_BITS));
  const k = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_s(bits, 23), i32x4.splat(127)));
  const m = i32x4.add(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(SQRT_HALF_BITS));
  const f = f32x4.sub(m, one);
  const s = f32x4.div(f, f32x4.add(f32x4.splat(2.0), f));
  const s2 = f32x4.mul(s, s);
  let series = f32x4.add(f32x4.splat(0.14285715), f32x4.mul(s2, f32x4.splat(0.11111111)));
  series = f32x4.add(f32x4.splat(0.2), f32x4.mul(s2, series));
  series = f32x4.add(f32x4.splat(0.33333334), f32x4.mul(s2, series));
  series = f32x4.add(one, f32x4.mul(s2, series));
  const rounding = f32x4.div(f32x4.sub(f32x4.sub(one, u), x), u);
  const low = f32x4.add(f32x4.mul(k, f32x4.splat(LN2_LO)), rounding);
  const poly = f32x4.mul(f32x4.mul(f32x4.splat(2.0), s), series);
  return f32x4.add(f32x4.mul(k, f32x4.splat(LN2_HI)), f32x4.add(poly, low));
}

/**
 * Corrects `count` float32 values in place at `ptr` for `pulses` primary pulses per pixel.
 * Values at or above `pulses - 1/2` are clamped there, where the inverse is still finite.
 */
export function deadTimeCorrect(ptr: usize, count: i32, pulses: f32): void {
  const ceiling: f32 = pulses - 0.5;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const ceilingV = f32x4.splat(ceiling);
    const pulsesV = f32x4.splat(pulses);
    const minusPulses = f32x4.splat(-pulses);
    for (; i + 4 <= count; i += 4) {
      const at = ptr + (<usize>i << 2);
      const observed = f32x4.min(v128.load(at), ceilingV);
      const x = f32x4.div(observed, pulsesV);
      const u = f32x4.div(f32x4.sub(pulsesV, observed), pulsesV);
      v128.store(at, f32x4.mul(minusPulses, log1mVector(x, u)));
    }
  }
  for (; i < count; i++) {
    const at = ptr + (<usize>i << 2);
    const observed = min(load<f32>(at), ceiling);
    store<f32>(at, -pulses * log1mScalar(observed / pulses, (pulses - observed) / pulses));
  }
}
