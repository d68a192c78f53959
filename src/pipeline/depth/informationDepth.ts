/**
 * The depth response of the analysis, estimated from the data. The secondary ions of one layer
 * do not come from the surface the sputter frame left: they come from an information depth
 * below it (an exponential of mean lambda) blurred by ion-beam mixing (a Gaussian of standard
 * deviation sigma). So a buried layer's signal starts to fall before the sputtered surface
 * reaches the layer's end: its signal is halfway down when the surface is the response's
 * median above the end (lambda ln 2 for the exponential alone), not its mean.
 *
 * The response shows in the shape of the sharp ends of buried layers: where a channel falls from
 * a clear peak to a low background, its share at a surface a distance u above the layer's end is
 * F(u), F the distribution of exponential + Gaussian, which is skewed: a long exponential approach
 * on the shallow side, a Gaussian foot on the deep side. Every such column's fall is aligned at its
 * halfway depth and averaged, and lambda and sigma are the pair whose F fits that mean shape.
 *
 * Limits, measured: lambda is found in the depth frame it is given (a depth model that stretches
 * a layer stretches its lambda alike, which is what placing counts in that frame needs). Layer
 * ends at different depths inside the beam widen a fall; the flattest falls are chosen for that,
 * but where the roughness is one-sided (deposits on an organic layer put the end deeper, never
 * shallower) it adds a deep-side tail that hides the exponential's skew, and lambda comes out
 * low: 0.35-2.2 nm for a true 1.5 nm on noise-free simulated spots read with true depths, against
 * 1.00/1.45/2.35 nm for 1.0/1.5/2.5 nm on laterally smooth layers (tests/pipeline).
 */
export interface InformationDepthEstimate {
  /** Mean depth below the sputtered surface that a layer's counts come from, metres. */
  meanDepth: number;
  /** Ion-beam mixing, metres (standard deviation). */
  mixing: number;
  /** Column falls that entered the estimate (0: none found, meanDepth is 0). */
  edges: number;
}

export interface StackShape {
  layers: number;
  channels: number;
  rows: number;
  cols: number;
}

const NM = 1e-9;
/** Falls are averaged over this window around their halfway depth, in bins of BIN. */
const WINDOW = 6 * NM;
const BIN = 0.2 * NM;
/** A fall counts when its peak is this many times its background and this many counts above it. */
const PEAK_TO_BACKGROUND = 4;
const MIN_CONTRAST = 2;
/** Share of the falls, those whose neighbours' halfway depths agree best, that enter the shape. */
const FLAT_SHARE = 0.25;
/** Columns are read on a lattice of at most this many: the mean shape needs hundreds of falls, not all. */
const MAX_COLUMNS = 16_384;
const LAMBDA_GRID = { from: 0, to: 4 * NM, step: 0.05 * NM };
const SIGMA_GRID = { from: 0.2 * NM, to: 3 * NM, step: 0.05 * NM };

export function estimateInformationDepth(
  counts: ArrayLike<number>,
  layerDepth: Float32Array,
  shape: StackShape,
): InformationDepthEstimate {
  const bins = Math.round((2 * WINDOW) / BIN) + 1;
  const sums = new Float64Array(bins);
  const weights = new Float64Array(bins);
  const lattice = columnLattice(layerDepth, shape);
  const dead = layersWithoutCounts(counts, shape);
  let edges = 0;
  for (let c = 0; c < shape.channels; c++) edges += accumulateFalls(counts, lattice, shape, dead, c, sums, weights);
  if (edges === 0) return { meanDepth: 0, mixing: 0, edges: 0 };
  const { lambda, sigma } = fitResponse(sums, weights);
  return { meanDepth: lambda, mixing: sigma, edges };
}

/**
 * Where each layer's counts are placed: the sputtered surface of `layerDepth` moved down by the
 * median of the emission response (exponential of mean `meanDepth` plus Gaussian mixing of
 * standard deviation `mixing`; lambda ln 2 without mixing). The median, not the mean, because
 * the 50 % point of a fall is the interface by the convention of SIMS depth profiling: a sharp
 * layer end seen through the response is halfway down when the surface is the median above it,
 * so this shift puts that halfway point on the end itself (the mean would put it
 * lambda (1 - ln 2) too deep for a pure exponential).
 *
 * The column keeps its ends: layer 0 starts at the original surface (the top layer's counts come
 * from the top), and the crater bottom stays the bottom (FORMATS.md: no data below it). So over
 * the lower half of the column the shift tapers linearly to zero at the bottom: layers there are
 * thinned evenly by a few percent (shift / half the removed depth) instead of the last few being
 * squeezed, which would pile their counts into a false rise at every crater bottom.
 * `[layers + 1, pixels]` metres, like `layerDepth`; monotone.
 */
export function emissionDepth(layerDepth: Float32Array, layers: number, pixels: number, meanDepth: number, mixing = 0): Float32Array {
  const shift = responseMedian(meanDepth, mixing);
  if (!(shift > 0)) return layerDepth.slice();
  const placed = new Float32Array(layerDepth.length);
  placed.set(layerDepth.subarray(0, pixels));
  placed.set(layerDepth.subarray(layers * pixels), layers * pixels);
  const bottom = layerDepth.subarray(layers * pixels);
  const taper = new Float64Array(pixels);
  for (let p = 0; p < pixels; p++) taper[p] = Math.max(bottom[p] / 2, 2 * shift);
  // Layer by layer (rows of `layerDepth` in memory order), not column by column.
  for (let k = 1; k < layers; k++) {
    const row = k * pixels;
    for (let p = 0; p < pixels; p++) {
      const depth = layerDepth[row + p];
      const gap = bottom[p] - depth;
      // At least a taper above the bottom the ratio is >= 1 exactly, so the division is skipped
      // (the shallow half of every column); NaN fails the test and keeps the full formula.
      placed[row + p] = gap >= taper[p] ? depth + shift : depth + shift * Math.min(1, Math.max(gap, 0) / taper[p]);
    }
  }
  return placed;
}

/**
 * Flags (1) of the layers whose scan recorded nothing, an instrument hiccup: no count in any
 * channel or pixel. Such a layer is no sample of the response; read as it is, it is a one-layer
 * fall to zero, sharper than any response, which sent the estimate to either end of its range.
 */
function layersWithoutCounts(counts: ArrayLike<number>, shape: StackShape): Uint8Array {
  const size = shape.channels * shape.rows * shape.cols;
  const dead = new Uint8Array(shape.layers).fill(1);
  for (let k = 0; k < shape.layers; k++) {
    for (let i = k * size; i < (k + 1) * size; i++) {
      if (counts[i] > 0) {
        dead[k] = 0;
        break;
      }
    }
  }
  return dead;
}

/**
 * Gives each dead layer of the smoothed column at `column` (its layer depths at `depth`) the
 * value of its live neighbours above and below, interpolated linearly in depth (the nearer
 * one's at the ends of the profile). Measured on
 * simulated 4 nm layers, this moves the estimate far less than leaving the layer out: a gap in
 * every column at the same layer leaves its bins of the mean shape to a different set of falls.
 */
function bridgeDeadLayers(columns: Float64Array, column: number, dead: Uint8Array, depths: ArrayLike<number>, depth: number): void {
  const layers = dead.length;
  for (let k = 0; k < layers; k++) {
    if (!dead[k]) continue;
    let above = k - 1;
    while (above >= 0 && dead[above]) above--;
    let below = k + 1;
    while (below < layers && dead[below]) below++;
    if (above < 0 || below >= layers) {
      if (above >= 0 || below < layers) columns[column + k] = columns[column + (above < 0 ? below : above)];
      continue;
    }
    const top = depths[depth + above];
    const span = depths[depth + below] - top;
    const t = span > 0 ? (depths[depth + k] - top) / span : 0.5;
    columns[column + k] = columns[column + above] * (1 - t) + columns[column + below] * t;
  }
}

/**
 * Adds channel `c`'s falls, aligned at their halfway depth, to the bins; returns how many. Each
 * column is read 3x3-smoothed (counts of one pixel and layer are too few for a shape). The beam
 * and the smoothing mix neighbouring columns, so where the layer's end lies at different depths
 * side by side the fall widens for that reason alone; only the FLAT_SHARE of falls whose
 * neighbours' halfway depths agree best enter. Columns are read on a lattice (every pixel of a
 * small field, every second or fourth of a large one), neighbours being lattice neighbours.
 */
function accumulateFalls(
  counts: ArrayLike<number>,
  lattice: ColumnLattice,
  shape: StackShape,
  dead: Uint8Array,
  c: number,
  sums: Float64Array,
  weights: Float64Array,
): number {
  const { layers } = shape;
  const anyDead = dead.includes(1);
  const tail = Math.max(3, Math.floor(layers / 8));
  const halfway = new Float64Array(lattice.rows * lattice.cols).fill(NaN);
  const columns = smoothedLatticeColumns(counts, shape, c, lattice);
  // Offsets into the node-major arrays rather than a subarray per column: tens of thousands of
  // columns per channel, and a view costs more to make than its column costs to scan.
  const falls: { node: number; peak: number; top: number; background: number }[] = [];
  for (let node = 0; node < halfway.length; node++) {
    const column = node * layers;
    if (!Number.isFinite(lattice.depths[node * (layers + 1) + layers])) continue;
    if (anyDead) bridgeDeadLayers(columns, column, dead, lattice.depths, node * (layers + 1));
    let peak = 0;
    for (let k = 1; k < layers - tail; k++) if (columns[column + k] > columns[column + peak]) peak = k;
    let background = 0;
    for (let k = layers - tail; k < layers; k++) background += columns[column + k] / tail;
    const top = columns[column + peak];
    if (!(top >= PEAK_TO_BACKGROUND * background && top - background >= MIN_CONTRAST)) continue;
    halfway[node] = halfwayDepth(columns, lattice.depths, node, layers, peak, (top + background) / 2);
    if (Number.isFinite(halfway[node])) falls.push({ node, peak, top, background });
  }
  const spreads = falls.map(({ node }) => neighbourSpread(halfway, node, lattice.rows, lattice.cols));
  const flat = quantile(spreads.filter(Number.isFinite), FLAT_SHARE);
  let edges = 0;
  for (let i = 0; i < falls.length; i++) {
    if (!(spreads[i] <= flat)) continue;
    const { node, peak, top, background } = falls[i];
    const at = node * (layers + 1);
    const column = node * layers;
    edges++;
    for (let k = peak; k < layers; k++) {
      const bin = Math.round((lattice.depths[at + k] - halfway[node] + WINDOW) / BIN);
      if (bin < 0) continue;
      if (bin >= sums.length) break;
      sums[bin] += (columns[column + k] - background) / (top - background);
      weights[bin]++;
    }
  }
  return edges;
}

/** Largest |halfway depth difference| to the 8 lattice neighbours; NaN when one has no fall or at the border. */
function neighbourSpread(halfway: Float64Array, p: number, rows: number, cols: number): number {
  const r = Math.floor(p / cols);
  const c = p % cols;
  if (r === 0 || c === 0 || r === rows - 1 || c === cols - 1) return NaN;
  let spread = 0;
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) spread = Math.max(spread, Math.abs(halfway[p + dr * cols + dc] - halfway[p]));
  }
  return spread;
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = values.sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
}

/** The columns falls are read from: every `stride`-th pixel of every `stride`-th row. */
interface ColumnLattice {
  stride: number;
  rows: number;
  cols: number;
  /** `layerDepth` of each lattice column `[nodes, layers + 1]`, gathered once for all channels. */
  depths: Float32Array;
}

function columnLattice(layerDepth: Float32Array, { layers, rows, cols }: StackShape): ColumnLattice {
  const pixels = rows * cols;
  const stride = Math.max(1, Math.round(Math.sqrt(pixels / MAX_COLUMNS)));
  const latticeRows = Math.ceil(rows / stride);
  const latticeCols = Math.ceil(cols / stride);
  const depths = new Float32Array(latticeRows * latticeCols * (layers + 1));
  // A row of `layerDepth` at a time, so each of its values is read from memory once.
  for (let k = 0; k <= layers; k++) {
    for (let lr = 0, node = 0; lr < latticeRows; lr++) {
      const row = k * pixels + lr * stride * cols;
      for (let lc = 0; lc < latticeCols; lc++, node++) depths[node * (layers + 1) + k] = layerDepth[row + lc * stride];
    }
  }
  return { stride, rows: latticeRows, cols: latticeCols, depths };
}

/**
 * Channel `c` of every lattice column `[nodes, layers]`, each value the mean of its pixel's 3x3
 * window (cut at the edges). Read a layer at a time, the lattice in row order, so the counts are
 * walked through memory once rather than a column at a time across all layers.
 */
function smoothedLatticeColumns(counts: ArrayLike<number>, shape: StackShape, c: number, lattice: ColumnLattice): Float64Array {
  const { layers, channels, rows, cols } = shape;
  const { stride, rows: latticeRows, cols: latticeCols } = lattice;
  const pixels = rows * cols;
  const columns = new Float64Array(latticeRows * latticeCols * layers);
  for (let k = 0; k < layers; k++) {
    const base = (k * channels + c) * pixels;
    for (let lr = 0, node = 0; lr < latticeRows; lr++) {
      const r = lr * stride;
      const r0 = Math.max(r - 1, 0);
      const r1 = Math.min(r + 1, rows - 1);
      for (let lc = 0; lc < latticeCols; lc++, node++) {
        const col = lc * stride;
        const c0 = Math.max(col - 1, 0);
        const c1 = Math.min(col + 1, cols - 1);
        let sum = 0;
        for (let rr = r0; rr <= r1; rr++) for (let cc = c0; cc <= c1; cc++) sum += counts[base + rr * cols + cc];
        columns[node * layers + k] = sum / ((r1 - r0 + 1) * (c1 - c0 + 1));
      }
    }
  }
  return columns;
}

/**
 * Depth where lattice column `node` (`columns` `[nodes, layers]`, `depths` `[nodes, layers + 1]`)
 * first falls below `half` after its peak, interpolated; NaN if never.
 */
function halfwayDepth(columns: Float64Array, depths: Float32Array, node: number, layers: number, peak: number, half: number): number {
  const column = node * layers;
  const depth = node * (layers + 1);
  for (let k = peak + 1; k < layers; k++) {
    const below = columns[column + k];
    if (below >= half) continue;
    const above = columns[column + k - 1];
    const t = (above - half) / (above - below);
    return depths[depth + k - 1] * (1 - t) + depths[depth + k] * t;
  }
  return NaN;
}

/** Grid search of (lambda, sigma) for the mean fall; amplitude and offset by least squares. */
function fitResponse(sums: Float64Array, weights: Float64Array): { lambda: number; sigma: number } {
  const bins = sums.length;
  const model = new Float64Array(bins);
  let best = { lambda: 0, sigma: 0, misfit: Infinity };
  for (let lambda = LAMBDA_GRID.from; lambda <= LAMBDA_GRID.to + 1e-15; lambda += LAMBDA_GRID.step) {
    for (let sigma = SIGMA_GRID.from; sigma <= SIGMA_GRID.to + 1e-15; sigma += SIGMA_GRID.step) {
      const median = responseMedian(lambda, sigma);
      for (let b = 0; b < bins; b++) model[b] = responseCdf(median - (b * BIN - WINDOW), lambda, sigma);
      const misfit = affineMisfit(model, sums, weights);
      if (misfit < best.misfit) best = { lambda, sigma, misfit };
    }
  }
  return best;
}

/** Weighted squared misfit of mean = a * model + b over the bins, a and b by least squares. */
function affineMisfit(model: Float64Array, sums: Float64Array, weights: Float64Array): number {
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let b = 0; b < model.length; b++) {
    const w = weights[b];
    if (w === 0) continue;
    const y = sums[b] / w;
    sw += w;
    sx += w * model[b];
    sy += w * y;
    sxx += w * model[b] * model[b];
    sxy += w * model[b] * y;
  }
  const slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx || 1);
  const offset = (sy - slope * sx) / sw;
  let misfit = 0;
  for (let b = 0; b < model.length; b++) {
    if (weights[b] === 0) continue;
    misfit += weights[b] * (sums[b] / weights[b] - slope * model[b] - offset) ** 2;
  }
  return misfit;
}

/**
 * CDF at u of U + G, U exponential of mean lambda, G Gaussian of sd sigma (exponentially
 * modified Gaussian). Where the exponential factor would overflow, the second term is taken in
 * its Mills-ratio form, exp(-u^2 / 2 sigma^2) / (|b| sqrt(2 pi)), which is the same quantity.
 */
function responseCdf(u: number, lambda: number, sigma: number): number {
  const gaussian = standardNormalCdf(u / sigma);
  if (lambda <= 0) return gaussian;
  const b = u / sigma - sigma / lambda;
  const tail = b < -6
    ? Math.exp((-u * u) / (2 * sigma * sigma)) / (-b * Math.sqrt(2 * Math.PI))
    : Math.exp(-u / lambda + (sigma * sigma) / (2 * lambda * lambda)) * standardNormalCdf(b);
  return Math.min(1, Math.max(0, gaussian - tail));
}

/**
 * Median of the response (exponential of mean `lambda` + Gaussian of sd `sigma`): lambda ln 2 for
 * the exponential alone (sigma 0 or unknown), 0 without an exponential.
 */
export function responseMedian(lambda: number, sigma: number): number {
  if (!(lambda > 0)) return 0;
  if (!(sigma > 0)) return lambda * Math.LN2;
  let low = -6 * sigma;
  let high = 6 * sigma + 10 * lambda;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (responseCdf(mid, lambda, sigma) < 0.5) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** Standard normal CDF through Abramowitz & Stegun 7.1.26 for erf (|error| < 1.5e-7). */
function standardNormalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
