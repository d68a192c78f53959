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
