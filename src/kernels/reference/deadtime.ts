// Plain-TypeScript reference of the dead-time kernel (assembly/deadtime.ts).

/** n_true = -N ln(1 - n/N) with N = `pulses`; observed values clamp at N - 1/2. */
export function deadTimeCorrectReference(counts: ArrayLike<number>, pulses: number): Float32Array {
  const out = new Float32Array(counts.length);
  const ceiling = pulses - 0.5;
  for (let i = 0; i < counts.length; i++) {
    out[i] = -pulses * Math.log1p(-Math.min(counts[i]!, ceiling) / pulses);
  }
  return out;
}

/** Digamma psi(x), x >= 1: recurrence up to 6, then the asymptotic series. */
function digamma(x: number): number {
  let shift = 0;
  for (; x < 6; x++) shift -= 1 / x;
  const inverse2 = 1 / (x * x);
  return shift + Math.log(x) - 0.5 / x - inverse2 * (1 / 12 - inverse2 * (1 / 120 - inverse2 * (1 / 252 - inverse2 / 240)));
}

/** n_true = N (psi(N + 1) - psi(N + 1 - n)), n clamped to [0, N]. */
export function deadTimeCorrectHarmonicReference(counts: ArrayLike<number>, pulses: number): Float32Array {
  const out = new Float32Array(counts.length);
  const top = digamma(pulses + 1);
  for (let i = 0; i < counts.length; i++) {
    out[i] = pulses * (top - digamma(pulses + 1 - Math.min(Math.max(counts[i]!, 0), pulses)));
  }
  return out;
}
