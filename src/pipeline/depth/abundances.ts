/**
 * Material abundances a >= 0 for every sample x (counts per layer): the signal of a mixed
 * layer-pixel is x = sum_m a_m S_m with signatures S_m, and because every layer receives the
 * same primary dose the abundances of a fully covered pixel add up to one. That constraint is
 * what tells a material apart from a mixture of others with the same channel ratios (epoxy
 * looks like a little organic SEI in a lot of carbon, except in its total intensity), so it
 * enters as a stiff penalty. Minimised per sample:
 *   sum_f w_f (x_f - sum_m a_m S_mf)^2 + SUM_TO_ONE * g (sum_m a_m - 1)^2,
 * with one weight per feature, w_f = 1 / mean(x_f), an approximation of the Poisson variance
 * (a bright channel must not drown the others), and g the mean diagonal of S W S^T. One weight
 * set makes the Gram matrix common to all samples; Lawson-Hanson active-set NNLS then only
 * needs the inverses of its sub-blocks, cached by support set.
 *
 * `values` is `[features, samples]`, `signatures` `[materials, features]`; returns the
 * fractions a / sum(a) as `[materials, samples]` (uniform where a sample has no signal). When
 * `residuals` is given it receives each sample's Poisson chi-square misfit (model floored at
 * one count), which is how endmembers.ts finds signal that no signature explains.
 */
const SUM_TO_ONE = 10;

export function unmixAbundances(
  values: Float32Array,
  features: number,
  samples: number,
  signatures: Float64Array,
  materials: number,
  residuals?: Float64Array,
): Float32Array {
  const fractions = new Float32Array(materials * samples);
  abundanceModel(values, features, samples, signatures, materials).unmix(values, samples, 0, samples, fractions, samples, residuals);
  return fractions;
}

/**
 * Fractions `[materials, samples]` of `values` `[features, samples]` under `model`, as
 * AbundanceModel.unmix gives them in one call: the TypeScript reference, or the kernels.
 */
export type FractionSolver = (model: AbundanceModel, values: Float32Array, samples: number) => Float32Array;

export const referenceFractions: FractionSolver = (model, values, samples) => {
  const fractions = new Float32Array(model.materials * samples);
  model.unmix(values, samples, 0, samples, fractions, samples);
  return fractions;
};

/** The model unmixAbundances unmixes `values` with: the signatures, weighted by the values' own feature means. */
export function abundanceModel(values: Float32Array, features: number, samples: number, signatures: Float64Array, materials: number): AbundanceModel {
  return new AbundanceModel(features, signatures, materials, featureWeights(values, features, samples));
}

/**
 * The weights, Gram matrix and solver of one set of signatures, for unmixing the samples in
 * pieces (a layer at a time) without holding every sample's fractions.
 */
export class AbundanceModel {
  /** Signatures times the feature weights, `[materials, features]`. */
  readonly weighted: Float64Array;
  /** The sum-to-one penalty, added to every Gram entry and right-hand side. */
  readonly penalty: number;
  readonly solver: ActiveSetSolver;
  private readonly x: Float64Array;
  private readonly a: Float64Array;

  /**
   * `weights` (per feature) are those of all the samples to be unmixed, so that unmixing them in
   * pieces gives what one call would (featureWeightsFromSums when they come a layer at a time).
   */
  constructor(
    private readonly features: number,
    private readonly signatures: Float64Array,
    readonly materials: number,
    weights: Float64Array,
  ) {
    const gram = new Float64Array(materials * materials);
    for (let m = 0; m < materials; m++) {
      for (let n = 0; n < materials; n++) {
        let sum = 0;
        for (let f = 0; f < features; f++) sum += signatures[m * features + f] * weights[f] * signatures[n * features + f];
        gram[m * materials + n] = sum;
      }
    }
    let trace = 0;
    for (let m = 0; m < materials; m++) trace += gram[m * materials + m];
    this.penalty = (SUM_TO_ONE * trace) / materials;
    for (let i = 0; i < materials * materials; i++) gram[i] += this.penalty;
    this.weighted = new Float64Array(materials * features);
    for (let i = 0; i < this.weighted.length; i++) this.weighted[i] = signatures[i] * weights[i % features];
    this.solver = new ActiveSetSolver(gram, materials, this.weighted, features, this.penalty);
    this.x = new Float64Array(features);
    this.a = new Float64Array(materials);
  }

  /**
   * Fractions of samples `start <= i < end` of `values` `[features, samples]` into
   * `fractions[m * stride + i - start]`; with `residuals`, each sample's misfit into
   * `residuals[i - start]`.
   */
  unmix(
    values: Float32Array, samples: number, start: number, end: number, fractions: Float32Array, stride: number, residuals?: Float64Array,
  ): void {
    const { features, signatures, materials, solver, x, a } = this;
    for (let i = start; i < end; i++) {
      for (let f = 0; f < features; f++) x[f] = values[f * samples + i];
      solver.solve(x, a);
      let total = 0;
      for (let m = 0; m < materials; m++) total += a[m];
      const at = i - start;
      for (let m = 0; m < materials; m++) fractions[m * stride + at] = total > 0 ? a[m] / total : 1 / materials;
      if (residuals) {
        let misfit = 0;
        for (let f = 0; f < features; f++) {
          let model = 0;
          for (let m = 0; m < materials; m++) model += a[m] * signatures[m * features + f];
          misfit += (values[f * samples + i] - model) ** 2 / (Math.max(model, 0) + 1);
        }
        residuals[at] = misfit;
      }
    }
  }
}

function featureWeights(values: Float32Array, features: number, samples: number): Float64Array {
  const sums = new Float64Array(features);
  for (let f = 0; f < features; f++) {
    let sum = 0;
    for (let i = 0; i < samples; i++) sum += values[f * samples + i];
    sums[f] = sum;
  }
  return featureWeightsFromSums(sums, samples);
}

/** w_f = 1 / mean(x_f), from each feature's sum over all `samples`. */
export function featureWeightsFromSums(sums: Float64Array, samples: number): Float64Array {
  return sums.map((sum) => 1 / Math.max(sum / samples, 1e-9));
}

/**
 * Lawson-Hanson NNLS in normal-equation form: minimise a^T G a / 2 - b^T a over a >= 0, for
 * one positive-definite G and many b = penalty + W x, x a sample's features and W the weighted
 * signatures. The problem is strictly convex, so a support whose unconstrained solution is
 * positive and whose gradient points nowhere outside it holds the one optimum. Both are linear
 * in b, hence affine in x, so each support's block (cached by support bit mask) holds the maps
 * that give the solution for the members and the gradient for the outsiders in one
 * matrix-vector product, from b or straight from x. Neighbouring samples mostly share their
 * support, so the previous sample's support is checked first, then up to GUESSES - 1
 * corrections of it (drop the members that went non-positive, add the outsiders with a gradient
 * above the rounding tolerance); the active-set iteration from zero only runs when all fail.
 */
const GUESSES = 3;

export interface SupportBlock {
  members: Int32Array;
  /**
   * `[size, size]`: row m, applied to b, gives a member's unconstrained solution (the inverse
   * of the Gram sub-block, zero outside the support) or an outsider's gradient there,
   * b_m - G_m a (row m of the identity minus G_m times the members' rows).
   */
  map: Float64Array;
  /** `[size, features]`: `map` times W, so that `direct` x + `offset` = `map` b. */
  direct: Float64Array;
  /** `[size]`: `map` times the penalty (every entry of b holds it once). */
  offset: Float64Array;
}

export class ActiveSetSolver {
  private readonly blocks: (SupportBlock | null | undefined)[];
  private readonly trial: Float64Array;
  private readonly gradient: Float64Array;
  /** The support the last sample ended on (0: none); the next sample tries it first. */
  lastSupport = 0;

  /** Per feature, the largest |W| of any material: b is at most penalty + sum_f scale_f |x_f|. */
  readonly scale: Float64Array;
  private readonly b: Float64Array;

  constructor(
    /** The penalised Gram matrix `[size, size]`. */
    readonly gram: Float64Array,
    private readonly size: number,
    /** W, `[size, features]`. */
    private readonly weighted: Float64Array,
    private readonly features: number,
    readonly penalty: number,
  ) {
    this.blocks = new Array(1 << size);
    this.trial = new Float64Array(size);
    this.gradient = new Float64Array(size);
    this.b = new Float64Array(size);
    this.scale = new Float64Array(features);
    for (let f = 0; f < features; f++) {
      for (let m = 0; m < size; m++) this.scale[f] = Math.max(this.scale[f], Math.abs(weighted[m * features + f]));
    }
  }

  /** The abundances `a` of the sample with features `x`. */
  solve(x: Float64Array, a: Float64Array): void {
    const { size, features, weighted, penalty, b } = this;
    // Rounding in the gradient scales with b; its bound is cheaper than b itself.
    let bound = penalty;
    for (let f = 0; f < features; f++) bound += this.scale[f] * Math.abs(x[f]);
    const tolerance = 1e-10 * Math.max(bound, 1e-300);
    let guess = this.lastSupport;
    for (let attempt = 0; attempt < GUESSES && guess !== 0; attempt++) {
      const corrected = this.correctedSupport(guess, x, a, tolerance);
      if (corrected === guess) {
        this.lastSupport = guess;
        return;
      }
      guess = corrected;
    }
    for (let m = 0; m < size; m++) {
      let sum = penalty;
      for (let f = 0; f < features; f++) sum += weighted[m * features + f] * x[f];
      b[m] = sum;
    }
    this.lastSupport = this.activeSet(b, a, tolerance);
  }

  /**
   * Solves on `support` into `a`; returns `support` itself when that is optimal, otherwise
   * the support with non-positive members dropped and ascent directions added (0: singular).
   */
  private correctedSupport(support: number, x: Float64Array, a: Float64Array, tolerance: number): number {
    const { size, features } = this;
    const block = this.block(support);
    if (block === null) return 0;
    let corrected = support;
    for (let m = 0; m < size; m++) {
      let value = block.offset[m];
      for (let f = 0; f < features; f++) value += block.direct[m * features + f] * x[f];
      if (support & (1 << m)) {
        a[m] = value;
        if (!(value > 0)) corrected &= ~(1 << m);
      } else {
        a[m] = 0;
        if (value > tolerance) corrected |= 1 << m;
      }
    }
    return corrected;
  }

  /** The Lawson-Hanson iteration from a = 0; returns the final support. */
  private activeSet(b: Float64Array, a: Float64Array, tolerance: number): number {
    const { size, gram, trial, gradient } = this;
    a.fill(0);
    let support = 0;
    for (let outer = 0; outer < 3 * size; outer++) {
      let best = -1;
      for (let m = 0; m < size; m++) {
        let g = b[m];
        for (let n = 0; n < size; n++) g -= gram[m * size + n] * a[n];
        gradient[m] = g;
        if (!(support & (1 << m)) && g > tolerance && (best < 0 || g > gradient[best])) best = m;
      }
      if (best < 0) return support;
      support |= 1 << best;
      for (let inner = 0; inner < size; inner++) {
        if (!this.solveOn(support, b, trial)) return support & ~(1 << best);
        let step = 1;
        let blocked = false;
        for (let m = 0; m < size; m++) {
          if (support & (1 << m) && trial[m] <= 0) {
            blocked = true;
            step = Math.min(step, a[m] / (a[m] - trial[m]));
          }
        }
        if (!blocked) {
          a.set(trial);
          break;
        }
        let biggest = 0;
        for (let m = 0; m < size; m++) {
          a[m] += step * (trial[m] - a[m]);
          biggest = Math.max(biggest, a[m]);
        }
        for (let m = 0; m < size; m++) {
          if (support & (1 << m) && a[m] <= 1e-14 * biggest) {
            support &= ~(1 << m);
            a[m] = 0;
          }
        }
      }
    }
    return support;
  }

  /** The support's members and the inverse of its Gram sub-block; null when that is singular. */
  block(support: number): SupportBlock | null {
    let block = this.blocks[support];
    if (block === undefined) {
      const members: number[] = [];
      for (let m = 0; m < this.size; m++) if (support & (1 << m)) members.push(m);
      const inverse = invert(members, this.gram, this.size);
      block = inverse && this.supportBlock(members, supportMap(members, inverse, this.gram, this.size));
      this.blocks[support] = block;
    }
    return block;
  }

  private supportBlock(members: number[], map: Float64Array): SupportBlock {
    const { size, features, weighted, penalty } = this;
    const direct = new Float64Array(size * features);
    const offset = new Float64Array(size);
    for (let m = 0; m < size; m++) {
      for (let c = 0; c < size; c++) {
        offset[m] += map[m * size + c] * penalty;
        for (let f = 0; f < features; f++) direct[m * features + f] += map[m * size + c] * weighted[c * features + f];
      }
    }
    return { members: Int32Array.from(members), map, direct, offset };
  }

  /** Unconstrained minimiser on the support (zero elsewhere); false when that block is singular. */
  private solveOn(support: number, b: Float64Array, out: Float64Array): boolean {
    const block = this.block(support);
    if (block === null) return false;
    for (let m = 0; m < this.size; m++) out[m] = support & (1 << m) ? mapRow(block.map, m, this.size, b) : 0;
    return true;
  }
}

/** Row m of a support's map applied to b, summed over every column in order from +0. */
function mapRow(map: Float64Array, m: number, size: number, b: Float64Array): number {
  let sum = 0;
  for (let c = 0; c < size; c++) sum += map[m * size + c] * b[c];
  return sum;
}

/** The support's map (see SupportBlock) from the inverse of its Gram sub-block. */
function supportMap(members: number[], inverse: Float64Array, gram: Float64Array, size: number): Float64Array {
  const k = members.length;
  const map = new Float64Array(size * size);
  for (let r = 0; r < k; r++) {
    for (let j = 0; j < k; j++) map[members[r] * size + members[j]] = inverse[r * k + j];
  }
  for (let m = 0; m < size; m++) {
    if (members.includes(m)) continue;
    for (let c = 0; c < size; c++) {
      let g = c === m ? 1 : 0;
      for (const n of members) g -= gram[m * size + n] * map[n * size + c];
      map[m * size + c] = g;
    }
  }
  return map;
}

/** Gauss-Jordan inverse of the Gram sub-block, with partial pivoting; null when singular. */
function invert(members: number[], gram: Float64Array, size: number): Float64Array | null {
  const k = members.length;
  const work = new Float64Array(k * k);
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) work[r * k + c] = gram[members[r] * size + members[c]];
  const scale = Math.max(...work.map(Math.abs));
  const inverse = new Float64Array(k * k);
  for (let i = 0; i < k; i++) inverse[i * k + i] = 1;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(work[r * k + col]) > Math.abs(work[pivot * k + col])) pivot = r;
    if (Math.abs(work[pivot * k + col]) <= 1e-12 * scale) return null;
    for (let c = 0; c < k; c++) {
      [work[col * k + c], work[pivot * k + c]] = [work[pivot * k + c], work[col * k + c]];
      [inverse[col * k + c], inverse[pivot * k + c]] = [inverse[pivot * k + c], inverse[col * k + c]];
    }
    const p = work[col * k + col];
    for (let c = 0; c < k; c++) {
      work[col * k + c] /= p;
      inverse[col * k + c] /= p;
    }
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const factor = work[r * k + col];
      if (factor === 0) continue;
      for (let c = 0; c < k; c++) {
        work[r * k + c] -= factor * work[col * k + c];
        inverse[r * k + c] -= factor * inverse[col * k + c];
      }
    }
  }
  return inverse;
}
