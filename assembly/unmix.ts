// Per-layer material unmixing for the depth model (SCIENCE.md step 5), the kernel form of
// src/pipeline/depth/features.ts (one layer's smoothed signal features) and of
// AbundanceModel.unmix with its active-set NNLS in src/pipeline/depth/abundances.ts. Those
// TypeScript functions are the specification: every operation here is theirs, in their order
// and in f64, so both builds give their results bit for bit (the SIMD build evaluates two
// columns or two materials side by side, lane by lane in the same order).
//
// Memory (pixels innermost): counts f32[channels][pixels] and total f32[pixels] of one layer,
// features f32[features][pixels], fractions f32[materials][pixels], a scratch of
// featureScratchBytes(pixels), and the model table of unmixModelDoubles(materials, features)
// f64 laid out by src/pipeline/depth/layerUnmixerWasm.ts, with P = materials rounded up to even:
// the weighted signatures transposed [features][P], the penalty, the penalised Gram matrix
// [materials][materials], for every support bit mask its map (SupportBlock.map) transposed,
// [materials][P], and every support's size (-1: singular).

// The caller (src/pipeline/depth/layerUnmixerWasm.ts, MAX_KERNEL_MATERIALS, kept equal) solves
// more materials on the TypeScript reference: nothing here checks.
const MAX_MATERIALS: i32 = 8;
const GUESSES: i32 = 3;

// Per-sample scratch: right-hand side, a support map's product, solution, trial solution, gradient.
const B: usize = memory.data(MAX_MATERIALS * 8, 16);
const R: usize = memory.data(MAX_MATERIALS * 8, 16);
const A: usize = memory.data(MAX_MATERIALS * 8, 16);
const TRIAL: usize = memory.data(MAX_MATERIALS * 8, 16);
const GRADIENT: usize = memory.data(MAX_MATERIALS * 8, 16);

@inline function f64At(base: usize, index: i32): f64 {
  return load<f64>(base + (<usize>index << 3));
}

@inline function setF64(base: usize, index: i32, value: f64): void {
  store<f64>(base + (<usize>index << 3), value);
}

@inline function f32At(base: usize, index: i32): f64 {
  return <f64>load<f32>(base + (<usize>index << 2));
}

/** Scratch of signalFeaturesLayer: the f64 plane, then the row sums and row counts. */
export function featureScratchBytes(pixels: i32): usize {
  return <usize>pixels * 24;
}

/**
 * The smoothed features of one layer: each channel, then (with `hasTotal`) the rest of the
 * total-ion counts, max(total - channels, 0); each plane 3 x 3 box-smoothed, NaN skipped.
 * Adds each feature's sum over the layer to `sumsPtr` f64[features], unless that is 0.
 */
export function signalFeaturesLayer(
  countsPtr: usize, totalPtr: usize, hasTotal: i32, channels: i32, rows: i32, cols: i32,
  outPtr: usize, scratchPtr: usize, sumsPtr: usize,
): void {
  const pixels = rows * cols;
  const features = channels + (hasTotal ? 1 : 0);
  const plane = scratchPtr;
  for (let f = 0; f < features; f++) {
    if (f < channels) {
      const base = countsPtr + (<usize>(f * pixels) << 2);
      for (let p = 0; p < pixels; p++) setF64(plane, p, f32At(base, p));
    } else {
      for (let p = 0; p < pixels; p++) {
        let named: f64 = 0;
        for (let c = 0; c < channels; c++) named += f32At(countsPtr, c * pixels + p);
        setF64(plane, p, max(f32At(totalPtr, p) - named, 0.0));
      }
    }
    const out = outPtr + (<usize>(f * pixels) << 2);
    smoothPlane(plane, scratchPtr + (<usize>pixels << 3), scratchPtr + (<usize>pixels << 4), rows, cols, out);
    if (sumsPtr == 0) continue;
    let sum = load<f64>(sumsPtr + (<usize>f << 3));
    for (let p = 0; p < pixels; p++) sum += f32At(out, p);
    store<f64>(sumsPtr + (<usize>f << 3), sum);
  }
}

/**
 * 3 x 3 mean, window cut at the edge, NaN skipped: sums of each row's 3-wide windows, then of 3
 * rows. The SIMD build does two columns at a time, a value without data (v - v != 0) as a
 * term of +0 and no count: added to a partial sum that starts at +0, that changes no bit of it.
 */
function smoothPlane(plane: usize, rowSums: usize, rowCounts: usize, rows: i32, cols: i32, out: usize): void {
  if (ASC_FEATURE_SIMD && cols >= 4) {
    smoothPlanePairs(plane, rowSums, rowCounts, rows, cols, out);
    return;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) rowWindow(plane, rowSums, rowCounts, r * cols, c, cols);
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) columnWindow(rowSums, rowCounts, r, c, rows, cols, out);
  }
}

function smoothPlanePairs(plane: usize, rowSums: usize, rowCounts: usize, rows: i32, cols: i32, out: usize): void {
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    rowWindow(plane, rowSums, rowCounts, row, 0, cols);
    let c = 1;
    for (; c + 2 <= cols - 1; c += 2) {
      const left = v128.load(plane + (<usize>(row + c - 1) << 3));
      const middle = v128.load(plane + (<usize>(row + c) << 3));
      const right = v128.load(plane + (<usize>(row + c + 1) << 3));
      const leftValid = f64x2.eq(f64x2.sub(left, left), zero);
      const middleValid = f64x2.eq(f64x2.sub(middle, middle), zero);
      const rightValid = f64x2.eq(f64x2.sub(right, right), zero);
      const sum = f64x2.add(f64x2.add(f64x2.add(zero, v128.and(left, leftValid)), v128.and(middle, middleValid)), v128.and(right, rightValid));
      const n = f64x2.add(f64x2.add(f64x2.add(zero, v128.and(one, leftValid)), v128.and(one, middleValid)), v128.and(one, rightValid));
      v128.store(rowSums + (<usize>(row + c) << 3), sum);
      v128.store(rowCounts + (<usize>(row + c) << 3), n);
    }
    for (; c < cols; c++) rowWindow(plane, rowSums, rowCounts, row, c, cols);
  }
  for (let r = 0; r < rows; r++) {
    const first = (r > 0 ? r - 1 : 0) * cols;
    const last = min(r + 1, rows - 1) * cols;
    let c = 0;
    for (; c + 2 <= cols; c += 2) {
      let sum = zero;
      let n = zero;
      for (let at = first + c; at <= last + c; at += cols) {
        sum = f64x2.add(sum, v128.load(rowSums + (<usize>at << 3)));
        n = f64x2.add(n, v128.load(rowCounts + (<usize>at << 3)));
      }
      const mean = v128.and(f64x2.div(sum, n), f64x2.gt(n, zero));
      v128.store64_lane(out + (<usize>(r * cols + c) << 2), f32x4.demote_f64x2_zero(mean), 0);
    }
    for (; c < cols; c++) columnWindow(rowSums, rowCounts, r, c, rows, cols, out);
  }
}

/** Sum and count of the values with data in column `c`'s 3-wide window of a row. */
@inline function rowWindow(plane: usize, rowSums: usize, rowCounts: usize, row: i32, c: i32, cols: i32): void {
  let sum: f64 = 0;
  let n: f64 = 0;
  const last = min(c + 1, cols - 1);
  for (let cc = c > 0 ? c - 1 : 0; cc <= last; cc++) {
    const v = f64At(plane, row + cc);
    if (v - v == 0) {
      sum += v;
      n++;
    }
  }
  setF64(rowSums, row + c, sum);
  setF64(rowCounts, row + c, n);
}

/** The mean of pixel (r, c) from the row windows of rows r - 1 to r + 1. */
@inline function columnWindow(rowSums: usize, rowCounts: usize, r: i32, c: i32, rows: i32, cols: i32, out: usize): void {
  const first = (r > 0 ? r - 1 : 0) * cols;
  const last = min(r + 1, rows - 1) * cols;
  let sum: f64 = 0;
  let n: f64 = 0;
  for (let at = first + c; at <= last + c; at += cols) {
    sum += f64At(rowSums, at);
    n += f64At(rowCounts, at);
  }
  store<f32>(out + (<usize>(r * cols + c) << 2), <f32>(n > 0 ? sum / n : 0));
}

/** Length in f64 of the model table for `materials` signatures of `features` features. */
export function unmixModelDoubles(materials: i32, features: i32): i32 {
  const supports = 1 << materials;
  const padded = (materials + 1) & ~1;
  return features * padded + 1 + materials * materials + supports * (materials * padded + 1);
}

// Where the parts of the current model table start (see the header), set by useModelTable;
// globals rather than an object, which the stub runtime would allocate over the host's arena.
let size: i32 = 0;
let padded: i32 = 0;
let penalty: f64 = 0;
let weighted: usize = 0;
let gram: usize = 0;
let maps: usize = 0;
let sizes: usize = 0;

function useModelTable(modelPtr: usize, materials: i32, features: i32): void {
  size = materials;
  padded = (materials + 1) & ~1;
  weighted = modelPtr;
  penalty = f64At(modelPtr, features * padded);
  gram = modelPtr + (<usize>(features * padded + 1) << 3);
  maps = gram + (<usize>(materials * materials) << 3);
  sizes = maps + (<usize>((1 << materials) * materials * padded) << 3);
}

/**
 * Fractions of `count` samples of `features` values each (`valuesPtr` f32[features][stride])
 * into `fractionsPtr` f32[materials][stride]. `lastSupport` is the support the previous sample
 * ended on (0: none), and the one the last sample ended on is returned, so that pieces
 * unmixed one after the other take the same path as one call.
 */
export function unmixSamples(
  valuesPtr: usize, stride: i32, count: i32, modelPtr: usize, materials: i32, features: i32,
  fractionsPtr: usize, lastSupport: i32,
): i32 {
  useModelTable(modelPtr, materials, features);
  let support = lastSupport;
  for (let i = 0; i < count; i++) {
    rightHandSide(valuesPtr + (<usize>i << 2), stride, features);
    support = solve(support);
    storeFractions(fractionsPtr, stride, i, materials);
  }
  return support;
}

/**
 * B = penalty + sum_f weighted[m][f] x_f, the features in order (AbundanceModel.unmix). The
 * SIMD build keeps up to four pairs of materials in registers: a sum carried through memory
 * would wait on its own store at every feature.
 */
@inline function rightHandSide(sample: usize, stride: i32, features: i32): void {
  if (ASC_FEATURE_SIMD) {
    const pairs = padded >> 1;
    let b0 = f64x2.splat(penalty);
    let b1 = b0;
    let b2 = b0;
    let b3 = b0;
    for (let f = 0; f < features; f++) {
      const x = f64x2.splat(<f64>load<f32>(sample + (<usize>(f * stride) << 2)));
      const row = weighted + (<usize>(f * padded) << 3);
      b0 = f64x2.add(b0, f64x2.mul(v128.load(row), x));
      if (pairs > 1) b1 = f64x2.add(b1, f64x2.mul(v128.load(row, 16), x));
      if (pairs > 2) b2 = f64x2.add(b2, f64x2.mul(v128.load(row, 32), x));
      if (pairs > 3) b3 = f64x2.add(b3, f64x2.mul(v128.load(row, 48), x));
    }
    storePairs(B, b0, b1, b2, b3);
    return;
  }
  for (let m = 0; m < padded; m++) setF64(B, m, penalty);
  for (let f = 0; f < features; f++) {
    const x = <f64>load<f32>(sample + (<usize>(f * stride) << 2));
    const row = weighted + (<usize>(f * padded) << 3);
    for (let m = 0; m < padded; m++) setF64(B, m, f64At(B, m) + f64At(row, m) * x);
  }
}

/** Four material pairs into `to` f64[MAX_MATERIALS]. */
@inline function storePairs(to: usize, v0: v128, v1: v128, v2: v128, v3: v128): void {
  v128.store(to, v0);
  v128.store(to, v1, 16);
  v128.store(to, v2, 32);
  v128.store(to, v3, 48);
}

/** Each material's share of A's total (uniform where that is not positive), as f32 into its plane. */
@inline function storeFractions(fractionsPtr: usize, stride: i32, i: i32, materials: i32): void {
  let total: f64 = 0;
  for (let m = 0; m < materials; m++) total += f64At(A, m);
  if (ASC_FEATURE_SIMD) {
    const positive = total > 0;
    const divisor = f64x2.splat(total);
    const uniform = f64x2.splat(1.0 / <f64>materials);
    for (let m = 0; m < materials; m += 2) {
      const value = positive ? f64x2.div(v128.load(A + (<usize>m << 3)), divisor) : uniform;
      const narrow = f32x4.demote_f64x2_zero(value);
      v128.store32_lane(fractionsPtr + (<usize>(m * stride + i) << 2), narrow, 0);
      if (m + 1 < materials) v128.store32_lane(fractionsPtr + (<usize>((m + 1) * stride + i) << 2), narrow, 1);
    }
    return;
  }
  for (let m = 0; m < materials; m++) {
    const value = total > 0 ? f64At(A, m) / total : 1.0 / <f64>materials;
    store<f32>(fractionsPtr + (<usize>(m * stride + i) << 2), <f32>value);
  }
}

/** ActiveSetSolver.solve on B into A: the previous support, up to GUESSES - 1 corrections of it, else the full iteration. */
function solve(lastSupport: i32): i32 {
  let largest: f64 = 1e-300;
  for (let m = 0; m < size; m++) largest = max(largest, abs(f64At(B, m)));
  const tolerance = 1e-10 * largest;
  let guess = lastSupport;
  for (let attempt = 0; attempt < GUESSES && guess != 0; attempt++) {
    const corrected = correctedSupport(guess, tolerance);
    if (corrected == guess) {
      keepMembers(guess);
      return guess;
    }
    guess = corrected;
  }
  return activeSet(tolerance);
}

/**
 * A = R on the support's members, zero elsewhere. The SIMD build writes whole pairs, as
 * storeFractions reads them: a pair read from two separate stores waits for both to retire.
 */
@inline function keepMembers(support: i32): void {
  if (ASC_FEATURE_SIMD) {
    const members = i64x2.splat(support);
    const zero = i64x2.splat(0);
    let bits = i64x2(1, 2);
    for (let m = 0; m < padded; m += 2) {
      const inside = i64x2.ne(v128.and(members, bits), zero);
      v128.store(A + (<usize>m << 3), v128.and(v128.load(R + (<usize>m << 3)), inside));
      bits = i64x2.shl(bits, 2);
    }
    return;
  }
  for (let m = 0; m < size; m++) setF64(A, m, support & (1 << m) ? f64At(R, m) : 0);
}

/**
 * R = the support's map times B (members: their solution; outsiders: their gradient); false
 * when the support is singular. The table holds each map transposed, so the SIMD build
 * computes two rows at a time, each summed over the columns in order like mapRow.
 */
@inline function applyMap(support: i32): bool {
  if (f64At(sizes, support) < 0) return false;
  const map = maps + (<usize>(support * size * padded) << 3);
  if (ASC_FEATURE_SIMD) {
    const pairs = padded >> 1;
    let r0 = f64x2.splat(0);
    let r1 = r0;
    let r2 = r0;
    let r3 = r0;
    for (let c = 0; c < size; c++) {
      const b = f64x2.splat(f64At(B, c));
      const column = map + (<usize>(c * padded) << 3);
      r0 = f64x2.add(r0, f64x2.mul(v128.load(column), b));
      if (pairs > 1) r1 = f64x2.add(r1, f64x2.mul(v128.load(column, 16), b));
      if (pairs > 2) r2 = f64x2.add(r2, f64x2.mul(v128.load(column, 32), b));
      if (pairs > 3) r3 = f64x2.add(r3, f64x2.mul(v128.load(column, 48), b));
    }
    storePairs(R, r0, r1, r2, r3);
    return true;
  }
  for (let m = 0; m < size; m++) {
    let sum: f64 = 0;
    for (let c = 0; c < size; c++) sum += f64At(map, c * padded + m) * f64At(B, c);
    setF64(R, m, sum);
  }
  return true;
}

/**
 * ActiveSetSolver.correctedSupport with R = the solution on `support`: returns `support` when
 * that is optimal, else the corrected support (0: singular). Members stay while positive,
 * outsiders join when their gradient exceeds the tolerance: bit masks of two comparisons.
 */
function correctedSupport(support: i32, tolerance: f64): i32 {
  if (!applyMap(support)) return 0;
  let positive = 0;
  let ascent = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = f64x2.splat(0);
    const limit = f64x2.splat(tolerance);
    for (let m = 0; m < padded; m += 2) {
      const value = v128.load(R + (<usize>m << 3));
      positive |= i64x2.bitmask(f64x2.gt(value, zero)) << m;
      ascent |= i64x2.bitmask(f64x2.gt(value, limit)) << m;
    }
  } else {
    for (let m = 0; m < size; m++) {
      const value = f64At(R, m);
      positive |= <i32>(value > 0) << m;
      ascent |= <i32>(value > tolerance) << m;
    }
  }
  return (support & positive) | (~support & ascent & ((1 << size) - 1));
}

/** ActiveSetSolver.solveOn: the members' solution into `out`, zero elsewhere; false when singular. */
function solveOn(support: i32, out: usize): bool {
  if (!applyMap(support)) return false;
  for (let m = 0; m < size; m++) setF64(out, m, support & (1 << m) ? f64At(R, m) : 0);
  return true;
}

function activeSet(tolerance: f64): i32 {
  for (let m = 0; m < size; m++) setF64(A, m, 0);
  let support = 0;
  for (let outer = 0; outer < 3 * size; outer++) {
    let best = -1;
    for (let m = 0; m < size; m++) {
      let g = f64At(B, m);
      for (let n = 0; n < size; n++) g -= f64At(gram, m * size + n) * f64At(A, n);
      setF64(GRADIENT, m, g);
      if (!(support & (1 << m)) && g > tolerance && (best < 0 || g > f64At(GRADIENT, best))) best = m;
    }
    if (best < 0) return support;
    support |= 1 << best;
    for (let inner = 0; inner < size; inner++) {
      if (!solveOn(support, TRIAL)) return support & ~(1 << best);
      let step: f64 = 1;
      let blocked = false;
      for (let m = 0; m < size; m++) {
        if (support & (1 << m) && f64At(TRIAL, m) <= 0) {
          blocked = true;
          step = min(step, f64At(A, m) / (f64At(A, m) - f64At(TRIAL, m)));
        }
      }
      if (!blocked) {
        for (let m = 0; m < size; m++) setF64(A, m, f64At(TRIAL, m));
        break;
      }
      let biggest: f64 = 0;
      for (let m = 0; m < size; m++) {
        setF64(A, m, f64At(A, m) + step * (f64At(TRIAL, m) - f64At(A, m)));
        biggest = max(biggest, f64At(A, m));
      }
      for (let m = 0; m < size; m++) {
        if (support & (1 << m) && f64At(A, m) <= 1e-14 * biggest) {
          support &= ~(1 << m);
          setF64(A, m, 0);
        }
      }
    }
  }
  return support;
}

/**
 * For refineFromDepthNeighbours (src/pipeline/depth/unmix.ts): of every sample whose layers
 * above and below are each at least `purity` of material m (fractions f32[materials][pixels]),
 * adds its features (f32[features][pixels]) to sums f64[materials][features] and 1 to counts
 * f64[materials].
 */
export function accumulateNeighbourPure(
  abovePtr: usize, belowPtr: usize, valuesPtr: usize, pixels: i32, materials: i32, features: i32, purity: f64,
  sumsPtr: usize, countsPtr: usize,
): void {
  for (let m = 0; m < materials; m++) {
    let count = f64At(countsPtr, m);
    for (let p = 0; p < pixels; p++) {
      const at = <usize>(m * pixels + p) << 2;
      if (<f64>load<f32>(abovePtr + at) < purity || <f64>load<f32>(belowPtr + at) < purity) continue;
      count++;
      for (let f = 0; f < features; f++) {
        const slot = sumsPtr + (<usize>(m * features + f) << 3);
        store<f64>(slot, load<f64>(slot) + f32At(valuesPtr, f * pixels + p));
      }
    }
    setF64(countsPtr, m, count);
  }
}
