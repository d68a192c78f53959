/**
 * Sputtering of one column: the stack (outer SEI, inner SEI, then substrate to any depth) is
 * removed top down, each part at its own rate, so the depth reached after a dose is piecewise
 * linear in the dose. Rates are metres per unit dose.
 */
export function removedDepth(
  dose: number,
  outer: number,
  inner: number,
  outerRate: number,
  innerRate: number,
  substrateRate: number,
): number {
  const outerDose = outer / outerRate;
  if (dose <= outerDose) return dose * outerRate;
  const innerDose = inner / innerRate;
  if (dose <= outerDose + innerDose) return outer + (dose - outerDose) * innerRate;
  return outer + inner + (dose - outerDose - innerDose) * substrateRate;
}

/**
 * Shares of outer SEI, inner SEI and substrate in the depth interval [top, bottom] of a column
 * (depths below its original surface), written into `out[0..2]`.
 */
export function intervalShares(top: number, bottom: number, outer: number, inner: number, out: Float64Array): void {
  const length = bottom - top;
  if (!(length > 0)) {
    // an empty interval is "made of" whatever lies at that depth
    out[0] = top < outer ? 1 : 0;
    out[1] = top >= outer && top < outer + inner ? 1 : 0;
    out[2] = top >= outer + inner ? 1 : 0;
    return;
  }
  const seiBase = outer + inner;
  out[0] = Math.max(0, Math.min(bottom, outer) - top) / length;
  out[1] = Math.max(0, Math.min(bottom, seiBase) - Math.max(top, outer)) / length;
  out[2] = Math.max(0, bottom - Math.max(top, seiBase)) / length;
}
