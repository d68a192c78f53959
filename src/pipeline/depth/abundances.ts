/**
 * Non-negative abundances a >= 0 minimising sum_f w_f (x_f - sum_m a_m S_mf)^2 for every
 * sample, with one weight per feature, w_f = 1 / mean(x_f), which approximates the Poisson
 * variance of counts (so a bright channel does not drown the others). With one weight set the
 * Gram matrix G = S W S^T is shared by all samples, so the exact NNLS solution is found by
 * checking the Karush-Kuhn-Tucker conditions on each support set, whose inverses are computed
 * once: the unique solution is the one with a_S >= 0 and gradient >= 0 off the support.
 *
 * `values` is `[features, samples]`, `signatures` `[materials, features]`; returns the
 * fractions a / sum(a) as `[materials, samples]` (uniform where a sample has no signal).
 */
export function unmixAbundances(
  values: Float32Array,
  features: number,
  samples: number,
  signatures: Float64Array,
  materials: number,
): Float32Array {
  const weights = featureWeights(values, features, samples);
  const gram = new Float64Array(materials * materials);
  for (let m = 0; m < materials; m++) {
    for (let n = 0; n < materials; n++) {
      let sum = 0;
      for (let f = 0; f < features; f++) sum += signatures[m * features + f] * weights[f] * signatures[n * features + f];
      gram[m * materials + n] = sum;
    }
  }
  const supports = supportSolvers(gram, materials);
  const fractions = new Float32Array(materials * samples);
  const b = new Float64Array(materials);
  const a = new Float64Array(materials);
  for (let i = 0; i < samples; i++) {
    for (let m = 0; m < materials; m++) {
      let sum = 0;
      for (let f = 0; f < features; f++) sum += signatures[m * features + f] * weights[f] * values[f * samples + i];
      b[m] = sum;
    }
    let total = 0;
    if (solveNonNegative(supports, gram, b, a, materials)) {
      for (let m = 0; m < materials; m++) total += a[m];
    }
    for (let m = 0; m < materials; m++) fractions[m * samples + i] = total > 0 ? a[m] / total : 1 / materials;
  }
  return fractions;
}

function featureWeights(values: Float32Array, features: number, samples: number): Float64Array {
  const weights = new Float64Array(features);
  for (let f = 0; f < features; f++) {
    let sum = 0;
    for (let i = 0; i < samples; i++) sum += values[f * samples + i];
    weights[f] = 1 / Math.max(sum / samples, 1e-9);
  }
  return weights;
}

interface Support {
  members: number[];
  /** Inverse of the Gram matrix restricted to the members, row-major. */
  inverse: Float64Array;
}

/** One solver per non-empty support set, largest first (mixtures are the common case). */
function supportSolvers(gram: Float64Array, materials: number): Support[] {
  const supports: Support[] = [];
  for (let mask = 1; mask < 1 << materials; mask++) {
    const members = [...Array(materials).keys()].filter((m) => mask & (1 << m));
    const size = members.length;
    const block = new Float64Array(size * size);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) block[r * size + c] = gram[members[r] * materials + members[c]];
    }
    const inverse = invert(block, size);
    if (inverse) supports.push({ members, inverse });
  }
  return supports.sort((x, y) => y.members.length - x.members.length);
}

function solveNonNegative(
  supports: Support[],
  gram: Float64Array,
  b: Float64Array,
  a: Float64Array,
  materials: number,
): boolean {
  const tolerance = 1e-12 * Math.max(...b.map(Math.abs), 1e-300);
  for (const { members, inverse } of supports) {
    const size = members.length;
    a.fill(0);
    let feasible = true;
    for (let r = 0; r < size && feasible; r++) {
      let sum = 0;
      for (let c = 0; c < size; c++) sum += inverse[r * size + c] * b[members[c]];
      a[members[r]] = sum;
      feasible = sum >= 0;
    }
    if (!feasible) continue;
    for (let m = 0; m < materials && feasible; m++) {
      if (members.includes(m)) continue;
      let gradient = -b[m];
      for (let n = 0; n < materials; n++) gradient += gram[m * materials + n] * a[n];
      feasible = gradient >= -tolerance;
    }
    if (feasible) return true;
  }
  return false;
}

/** Gauss-Jordan inverse with partial pivoting; undefined when (numerically) singular. */
function invert(matrix: Float64Array, size: number): Float64Array | undefined {
  const work = Float64Array.from(matrix);
  const inverse = new Float64Array(size * size);
  for (let i = 0; i < size; i++) inverse[i * size + i] = 1;
  const scale = Math.max(...matrix.map(Math.abs));
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(work[r * size + col]) > Math.abs(work[pivot * size + col])) pivot = r;
    if (Math.abs(work[pivot * size + col]) <= 1e-12 * scale) return undefined;
    for (let c = 0; c < size; c++) {
      [work[col * size + c], work[pivot * size + c]] = [work[pivot * size + c], work[col * size + c]];
      [inverse[col * size + c], inverse[pivot * size + c]] = [inverse[pivot * size + c], inverse[col * size + c]];
    }
    const p = work[col * size + col];
    for (let c = 0; c < size; c++) {
      work[col * size + c] /= p;
      inverse[col * size + c] /= p;
    }
    for (let r = 0; r < size; r++) {
      if (r === col) continue;
      const factor = work[r * size + col];
      if (factor === 0) continue;
      for (let c = 0; c < size; c++) {
        work[r * size + c] -= factor * work[col * size + c];
        inverse[r * size + c] -= factor * inverse[col * size + c];
      }
    }
  }
  return inverse;
}
