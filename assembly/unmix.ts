// Per-layer material unmixing for the depth model (SCIENCE.md step 5), the kernel form of
// src/pipeline/depth/features.ts (one layer's smoothed signal features) and of
// AbundanceModel.unmix with its active-set NNLS in src/pipeline/depth/abundances.ts. Those
// TypeScript functions are the specification: every operation here is theirs, in their order
// and in f64, so both builds give their results bit for bit (the SIMD build evaluates two
// columns or two materials side by side, lane by lane in the same order).
//
// Memory (pixels innermost): counts f32[channels][pixels] and total f32[pixels] of one layer,
// features f32[features][pixels], fractions f32[materials][pixels], a scratch of
// featureScratchBytes(cols), and the model table of unmixModelDoubles(materials, features)
// f64 laid out by src/pipeline/depth/layerUnmixerWasm.ts, with P = materials rounded up to even:
// the solver's scale [features], the penalty, the weighted signatures transposed [features][P],
// the penalised Gram matrix [materials][materials], for every support bit mask its block
// (SupportBlock: direct transposed [features][P], offset [P], map transposed [materials][P]),
// and every support's size (-1: singular).

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

/** Scratch of signalFeaturesLayer: one source row, then three rows of window sums and counts. */
export function featureScratchBytes(cols: i32): usize {
  return <usize>cols * 56;
}

/**
 * The smoothed features of one layer: each channel, then (with `hasTotal`) the rest of the
 * total-ion counts, max(total - channels, 0); each plane 3 x 3 box-smoothed, NaN skipped.
 * Adds each feature's sum over the layer to `sumsPtr` f64[features], unless that is 0.
 *
 * The 3 x 3 mean (window cut at the edge) is the sums of each row's 3-wide windows, then of 3
 * rows of those, as the reference does over whole planes; here a row's window sums go into a
 * ring of three rows, and each output row is made as soon as the row below it is in, so the
 * passes work in cache. The SIMD build does two columns at a time, a value without data
 * (v - v != 0) as a term of +0 and no count: added to a partial sum that starts at +0, that
 * changes no bit of it.
 */
export function signalFeaturesLayer(
  countsPtr: usize, totalPtr: usize, hasTotal: i32, channels: i32, rows: i32, cols: i32,
  outPtr: usize, scratchPtr: usize, sumsPtr: usize,
): void {
  const pixels = rows * cols;
  const features = channels + (hasTotal ? 1 : 0);
  const line = scratchPtr;
  const ring = scratchPtr + (<usize>cols << 3);
  for (let f = 0; f < features; f++) {
    const out = outPtr + (<usize>(f * pixels) << 2);
    for (let r = 0; r <= rows; r++) {
      if (r < rows) {
        const complete = sourceRow(countsPtr, totalPtr, channels, f, r * cols, cols, pixels, line);
        store<i32>(COMPLETE + (<usize>(r % 3) << 2), <i32>complete);
        rowWindows(line, ringRow(ring, r, cols), cols, complete);
      }
      if (r > 0) columnWindows(ring, r - 1, rows, cols, out);
    }
    if (sumsPtr == 0) continue;
    let sum = load<f64>(sumsPtr + (<usize>f << 3));
    for (let p = 0; p < pixels; p++) sum += f32At(out, p);
    store<f64>(sumsPtr + (<usize>f << 3), sum);
  }
}

/** Row `r`'s window sums in the ring: sums f64[cols], then counts f64[cols]. */
@inline function ringRow(ring: usize, r: i32, cols: i32): usize {
  return ring + (<usize>((r % 3) * cols) << 4);
}

/** Whether each ring row has data everywhere (i32[3]). */
const COMPLETE: usize = memory.data(12, 4);

/**
 * Feature `f` along the row starting at pixel `start`, in f64, into `line`; returns whether
 * every value has data (a sum of v - v stays 0 only then).
 */
@inline function sourceRow(countsPtr: usize, totalPtr: usize, channels: i32, f: i32, start: i32, cols: i32, pixels: i32, line: usize): bool {
  let check: f64 = 0;
  let c = 0;
  if (ASC_FEATURE_SIMD) {
    let checks = f64x2.splat(0);
    for (; c + 2 <= cols; c += 2) {
      let v: v128;
      if (f < channels) {
        v = f64x2.promote_low_f32x4(v128.load64_zero(countsPtr + (<usize>(f * pixels + start + c) << 2)));
      } else {
        let named = f64x2.splat(0);
        for (let ch = 0; ch < channels; ch++) {
          named = f64x2.add(named, f64x2.promote_low_f32x4(v128.load64_zero(countsPtr + (<usize>(ch * pixels + start + c) << 2))));
        }
        const total = f64x2.promote_low_f32x4(v128.load64_zero(totalPtr + (<usize>(start + c) << 2)));
        v = f64x2.max(f64x2.sub(total, named), f64x2.splat(0));
      }
      checks = f64x2.add(checks, f64x2.sub(v, v));
      v128.store(line + (<usize>c << 3), v);
    }
    check = f64x2.extract_lane(checks, 0) + f64x2.extract_lane(checks, 1);
  }
  if (f < channels) {
    const base = countsPtr + (<usize>(f * pixels + start) << 2);
    for (; c < cols; c++) {
      const v = f32At(base, c);
      check += v - v;
      setF64(line, c, v);
    }
    return check == 0;
  }
  for (; c < cols; c++) {
    let named: f64 = 0;
    for (let ch = 0; ch < channels; ch++) named += f32At(countsPtr, ch * pixels + start + c);
    const v = max(f32At(totalPtr, start + c) - named, 0.0);
    check += v - v;
    setF64(line, c, v);
  }
  return check == 0;
}

/**
 * Sum and count of the values with data in every column's 3-wide window of `line`; where all
 * have data (`complete`), the SIMD build skips the tests.
 */
function rowWindows(line: usize, slot: usize, cols: i32, complete: bool): void {
  const sums = slot;
  const counts = slot + (<usize>cols << 3);
  let c = 0;
  if (ASC_FEATURE_SIMD && cols >= 4 && complete) {
    const zero = f64x2.splat(0);
    const three = f64x2.splat(3);
    rowWindow(line, sums, counts, 0, cols);
    for (c = 1; c + 2 <= cols - 1; c += 2) {
      const left = v128.load(line + (<usize>(c - 1) << 3));
      const middle = v128.load(line + (<usize>c << 3));
      const right = v128.load(line + (<usize>(c + 1) << 3));
      v128.store(sums + (<usize>c << 3), f64x2.add(f64x2.add(f64x2.add(zero, left), middle), right));
      v128.store(counts + (<usize>c << 3), three);
    }
  } else if (ASC_FEATURE_SIMD && cols >= 4) {
    const zero = f64x2.splat(0);
    const one = f64x2.splat(1);
    rowWindow(line, sums, counts, 0, cols);
    for (c = 1; c + 2 <= cols - 1; c += 2) {
      const left = v128.load(line + (<usize>(c - 1) << 3));
      const middle = v128.load(line + (<usize>c << 3));
      const right = v128.load(line + (<usize>(c + 1) << 3));
      const leftValid = f64x2.eq(f64x2.sub(left, left), zero);
      const middleValid = f64x2.eq(f64x2.sub(middle, middle), zero);
      const rightValid = f64x2.eq(f64x2.sub(right, right), zero);
      const sum = f64x2.add(f64x2.add(f64x2.add(zero, v128.and(left, leftValid)), v128.and(middle, middleValid)), v128.and(right, rightValid));
      const n = f64x2.add(f64x2.add(f64x2.add(zero, v128.and(one, leftValid)), v128.and(one, middleValid)), v128.and(one, rightValid));
      v128.store(sums + (<usize>c << 3), sum);
      v128.store(counts + (<usize>c << 3), n);
    }
  }
  for (; c < cols; c++) rowWindow(line, sums, counts, c, cols);
}

@inline function rowWindow(line: usize, sums: usize, counts: usize, c: i32, cols: i32): void {
  let sum: f64 = 0;
  let n: f64 = 0;
  const last = min(c + 1, cols - 1);
  for (let cc = c > 0 ? c - 1 : 0; cc <= last; cc++) {
    const v = f64At(line, cc);
    if (v - v == 0) {
      sum += v;
      n++;
    }
  }
  setF64(sums, c, sum);
  setF64(counts, c, n);
}

/**
 * Output row `r`: the mean over rows r - 1 to r + 1 (those inside) of their window sums, added
 * in that order; a row outside adds nothing (`present` 0), not even a +0.
 */
function columnWindows(ring: usize, r: i32, rows: i32, cols: i32, out: usize): void {
  const above = ringRow(ring, r > 0 ? r - 1 : 0, cols);
  const at = ringRow(ring, r, cols);
  const below = ringRow(ring, min(r + 1, rows - 1), cols);
  const hasAbove = r > 0;
  const hasBelow = r + 1 < rows;
  const countsOffset = <usize>cols << 3;
  const row = out + (<usize>(r * cols) << 2);
  let c = 0;
  const complete = load<i32>(COMPLETE + (<usize>((r > 0 ? r - 1 : 0) % 3) << 2)) & load<i32>(COMPLETE + (<usize>(r % 3) << 2))
    & load<i32>(COMPLETE + (<usize>(min(r + 1, rows - 1) % 3) << 2));
  if (ASC_FEATURE_SIMD && complete && cols >= 4) {
    // Every window holds data: its count is (rows inside) x (columns inside), 2 or 3 each.
    const zero = f64x2.splat(0);
    const rowsInside = <f64>(1 + <i32>hasAbove + <i32>hasBelow);
    const middle = f64x2.splat(3 * rowsInside);
    let n = f64x2(2 * rowsInside, 3 * rowsInside);
    for (; c + 2 <= cols - 1; c += 2) {
      const offset = <usize>c << 3;
      let sum = zero;
      if (hasAbove) sum = f64x2.add(sum, v128.load(above + offset));
      sum = f64x2.add(sum, v128.load(at + offset));
      if (hasBelow) sum = f64x2.add(sum, v128.load(below + offset));
      v128.store64_lane(row + (<usize>c << 2), f32x4.demote_f64x2_zero(f64x2.div(sum, n)), 0);
      n = middle;
    }
  } else if (ASC_FEATURE_SIMD) {
    const zero = f64x2.splat(0);
    for (; c + 2 <= cols; c += 2) {
      const offset = <usize>c << 3;
      let sum = zero;
      let n = zero;
      if (hasAbove) {
        sum = f64x2.add(sum, v128.load(above + offset));
        n = f64x2.add(n, v128.load(above + countsOffset + offset));
      }
      sum = f64x2.add(sum, v128.load(at + offset));
      n = f64x2.add(n, v128.load(at + countsOffset + offset));
      if (hasBelow) {
        sum = f64x2.add(sum, v128.load(below + offset));
        n = f64x2.add(n, v128.load(below + countsOffset + offset));
      }
      const mean = v128.and(f64x2.div(sum, n), f64x2.gt(n, zero));
      v128.store64_lane(row + (<usize>c << 2), f32x4.demote_f64x2_zero(mean), 0);
    }
  }
  for (; c < cols; c++) {
    let sum: f64 = 0;
    let n: f64 = 0;
    if (hasAbove) {
      sum += f64At(above, c);
      n += f64At(above, cols + c);
    }
    sum += f64At(at, c);
    n += f64At(at, cols + c);
    if (hasBelow) {
      sum += f64At(below, c);
      n += f64At(below, cols + c);
    }
    store<f32>(row + (<usize>c << 2), <f32>(n > 0 ? sum / n : 0));
  }
}

/** Length in f64 of the model table for `materials` signatures of `features` features. */
export function unmixModelDoubles(materials: i32, features: i32): i32 {
  const supports = 1 << materials;
  const padded = (materials + 1) & ~1;
  return features + 1 + features * padded + materials * materials + supports * ((features + 1 + materials) * padded + 1);
}

// Where the parts of the current model table start (see the header), set by useModelTable;
// globals rather than an object, which the stub runtime would allocate over the host's arena.
let size: i32 = 0;
let padded: i32 = 0;
let scale: usize = 0;
let penalty: f64 = 0;
let weighted: usize = 0;
let gram: usize = 0;
let blocks: usize = 0;
/** f64 per support block: the direct map [features][P], its offset [P], the map of b [materials][P]. */
let blockDoubles: i32 = 0;
let sizes: usize = 0;

function useModelTable(modelPtr: usize, materials: i32, features: i32): void {
  size = materials;
  padded = (materials + 1) & ~1;
  scale = modelPtr;
  penalty = f64At(modelPtr, features);
  weighted = modelPtr + (<usize>(features + 1) << 3);
  gram = weighted + (<usize>(features * padded) << 3);
  blocks = gram + (<usize>(materials * materials) << 3);
  blockDoubles = (features + 1 + materials) * padded;
  sizes = blocks + (<usize>((1 << materials) * blockDoubles) << 3);
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
    support = solve(valuesPtr + (<usize>i << 2), stride, features, support);
    storeFractions(fractionsPtr, stride, i, materials);
  }
  return support;
}

/** B = penalty + sum_f weighted[m][f] x_f, the features in order (ActiveSetSolver.solve's fallback). */
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

/**
 * ActiveSetSolver.solve of the sample whose features start at `sample` (f32, `stride` apart)
 * into A: the previous support, up to GUESSES - 1 corrections of it, else the full iteration.
 */
function solve(sample: usize, stride: i32, features: i32, lastSupport: i32): i32 {
  let bound = penalty;
  for (let f = 0; f < features; f++) bound += f64At(scale, f) * abs(<f64>load<f32>(sample + (<usize>(f * stride) << 2)));
  const tolerance = 1e-10 * max(bound, 1e-300);
  let guess = lastSupport;
  for (let attempt = 0; attempt < GUESSES && guess != 0; attempt++) {
    const corrected = correctedSupport(guess, sample, stride, features, tolerance);
    if (corrected == guess) {
      keepMembers(guess);
      return guess;
    }
    guess = corrected;
  }
  rightHandSide(sample, stride, features);
  return activeSet(features, tolerance);
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

/** The support's block; 0 when the support is singular. */
@inline function blockOf(support: i32): usize {
  return f64At(sizes, support) < 0 ? 0 : blocks + (<usize>(support * blockDoubles) << 3);
}

/**
 * R = the support's direct map times the sample's features plus its offset (members: their
 * solution; outsiders: their gradient), summed in the features' order like
 * ActiveSetSolver.correctedSupport. The table holds the map transposed, so the SIMD build
 * computes two materials at a time, up to four pairs in registers: a sum carried through
 * memory would wait on its own store at every feature.
 */
@inline function applyDirect(block: usize, sample: usize, stride: i32, features: i32): void {
  const offset = block + (<usize>(features * padded) << 3);
  if (ASC_FEATURE_SIMD) {
    const pairs = padded >> 1;
    let r0 = v128.load(offset);
    let r1 = v128.load(offset, 16);
    let r2 = v128.load(offset, 32);
    let r3 = v128.load(offset, 48);
    for (let f = 0; f < features; f++) {
      const x = f64x2.splat(<f64>load<f32>(sample + (<usize>(f * stride) << 2)));
      const column = block + (<usize>(f * padded) << 3);
      r0 = f64x2.add(r0, f64x2.mul(v128.load(column), x));
      if (pairs > 1) r1 = f64x2.add(r1, f64x2.mul(v128.load(column, 16), x));
      if (pairs > 2) r2 = f64x2.add(r2, f64x2.mul(v128.load(column, 32), x));
      if (pairs > 3) r3 = f64x2.add(r3, f64x2.mul(v128.load(column, 48), x));
    }
    storePairs(R, r0, r1, r2, r3);
    return;
  }
  for (let m = 0; m < size; m++) {
    let sum = f64At(offset, m);
    for (let f = 0; f < features; f++) sum += f64At(block, f * padded + m) * <f64>load<f32>(sample + (<usize>(f * stride) << 2));
    setF64(R, m, sum);
  }
}

/** R = the support's map of b times B (ActiveSetSolver.solveOn), each row summed over the columns in order. */
function applyMap(block: usize, features: i32): void {
  const map = block + (<usize>((features + 1) * padded) << 3);
  for (let m = 0; m < size; m++) {
    let sum: f64 = 0;
    for (let c = 0; c < size; c++) sum += f64At(map, c * padded + m) * f64At(B, c);
    setF64(R, m, sum);
  }
}

/**
 * ActiveSetSolver.correctedSupport with R = the solution on `support`: returns `support` when
 * that is optimal, else the corrected support (0: singular). Members stay while positive,
 * outsiders join when their gradient exceeds the tolerance: bit masks of two comparisons.
 */
function correctedSupport(support: i32, sample: usize, stride: i32, features: i32, tolerance: f64): i32 {
  const block = blockOf(support);
  if (block == 0) return 0;
  applyDirect(block, sample, stride, features);
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
function solveOn(support: i32, out: usize, features: i32): bool {
  const block = blockOf(support);
  if (block == 0) return false;
  applyMap(block, features);
  for (let m = 0; m < size; m++) setF64(out, m, support & (1 << m) ? f64At(R, m) : 0);
  return true;
}

function activeSet(features: i32, tolerance: f64): i32 {
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
      if (!solveOn(support, TRIAL, features)) return support & ~(1 << best);
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
 * For refineFromDepthNeighbours (src/pipeline/depth/unmix.ts): of every sample on every
 * `rowStride`-th row (rows of `cols` pixels) whose layers above and below are each at least
 * `purity` of material m (fractions f32[materials][pixels]), adds its features
 * (f32[features][pixels]) to sums f64[materials][features] and 1 to counts f64[materials]. Each
 * material's samples are listed first (i32[pixels] at `listPtr`), so that every feature's sum
 * runs over them in a register, in the reference's order.
 */
export function accumulateNeighbourPure(
  abovePtr: usize, belowPtr: usize, valuesPtr: usize, pixels: i32, cols: i32, rowStride: i32, materials: i32, features: i32,
  purity: f64, sumsPtr: usize, countsPtr: usize, listPtr: usize,
): void {
  const rowStep = cols * rowStride;
  for (let m = 0; m < materials; m++) {
    let listed = 0;
    for (let start = 0; start < pixels; start += rowStep) {
      for (let p = start; p < start + cols; p++) {
        const at = <usize>(m * pixels + p) << 2;
        store<i32>(listPtr + (<usize>listed << 2), p);
        listed += <i32>!(<f64>load<f32>(abovePtr + at) < purity || <f64>load<f32>(belowPtr + at) < purity);
      }
    }
    setF64(countsPtr, m, f64At(countsPtr, m) + <f64>listed);
    for (let f = 0; f < features; f++) {
      const plane = valuesPtr + (<usize>(f * pixels) << 2);
      let sum = f64At(sumsPtr, m * features + f);
      for (let j = 0; j < listed; j++) sum += f32At(plane, load<i32>(listPtr + (<usize>j << 2)));
      setF64(sumsPtr, m * features + f, sum);
    }
  }
}
