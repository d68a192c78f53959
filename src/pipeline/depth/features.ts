/**
 * Per layer-and-pixel signal vectors for material classification: every channel, plus the
 * rest of the total-ion counts (matrix ions the channels do not name, which separate hard
 * carbon from epoxy) when a total is given. Each feature plane is smoothed with a 3x3 box
 * because single-pixel counts per layer are too low to classify reliably.
 *
 * One layer at a time, `[features, pixels]` in counts per layer, so that the features of all
 * layer-pixels (the largest array of the depth model) are never held at once.
 */
export class LayerFeatures {
  readonly features: number;
  private readonly plane: Float64Array;
  private readonly smoother: BoxSmoother;

  constructor(
    private readonly counts: ArrayLike<number>,
    private readonly shape: { layers: number; channels: number; rows: number; cols: number },
    private readonly total?: ArrayLike<number>,
  ) {
    this.features = shape.channels + (total ? 1 : 0);
    this.plane = new Float64Array(shape.rows * shape.cols);
    this.smoother = new BoxSmoother(shape.rows, shape.cols);
  }

  compute(k: number, out: Float32Array): void {
    const { counts, total, plane, smoother, features } = this;
    const { channels } = this.shape;
    const pixels = plane.length;
    for (let f = 0; f < features; f++) {
      if (f < channels) {
        const base = (k * channels + f) * pixels;
        for (let p = 0; p < pixels; p++) plane[p] = counts[base + p];
      } else {
        for (let p = 0; p < pixels; p++) {
          let named = 0;
          for (let c = 0; c < channels; c++) named += counts[(k * channels + c) * pixels + p];
          plane[p] = Math.max(total![k * pixels + p] - named, 0);
        }
      }
      smoother.smooth(plane, out, f * pixels);
    }
  }
}

/**
 * 3x3 mean with the window cut at the image edge; NaN inputs are skipped. Separable: sums and
 * counts of the finite values over each row's 3-wide windows, then over 3 rows of those.
 */
class BoxSmoother {
  private readonly rowSums: Float64Array;
  private readonly rowCounts: Float64Array;

  constructor(
    private readonly rows: number,
    private readonly cols: number,
  ) {
    this.rowSums = new Float64Array(rows * cols);
    this.rowCounts = new Float64Array(rows * cols);
  }

  smooth(plane: Float64Array, out: Float32Array, offset: number): void {
    const { rows, cols, rowSums, rowCounts } = this;
    for (let r = 0; r < rows; r++) {
      const row = r * cols;
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        let n = 0;
        const last = Math.min(c + 1, cols - 1);
        for (let cc = c > 0 ? c - 1 : 0; cc <= last; cc++) {
          const v = plane[row + cc];
          if (v - v === 0) {
            sum += v;
            n++;
          }
        }
        rowSums[row + c] = sum;
        rowCounts[row + c] = n;
      }
    }
    for (let r = 0; r < rows; r++) {
      const first = (r > 0 ? r - 1 : 0) * cols;
      const last = Math.min(r + 1, rows - 1) * cols;
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        let n = 0;
        for (let at = first + c; at <= last + c; at += cols) {
          sum += rowSums[at];
          n += rowCounts[at];
        }
        out[offset + r * cols + c] = n > 0 ? sum / n : 0;
      }
    }
  }
}

/**
 * The features of one sample (layer `k`, pixel `p`) into `out` `[features]`: the values
 * LayerFeatures.compute gives it, to the bit (each row's window summed first, in the same
 * order), without smoothing the whole layer.
 */
export function sampleFeatures(
  counts: ArrayLike<number>,
  shape: { layers: number; channels: number; rows: number; cols: number },
  total: ArrayLike<number> | undefined,
  k: number,
  p: number,
  out: Float32Array,
): void {
  const { channels, rows, cols } = shape;
  const pixels = rows * cols;
  const r = Math.floor(p / cols);
  const c = p - r * cols;
  const features = channels + (total ? 1 : 0);
  for (let f = 0; f < features; f++) {
    const base = (k * channels + f) * pixels;
    let sum = 0;
    let n = 0;
    for (let rr = r > 0 ? r - 1 : 0; rr <= Math.min(r + 1, rows - 1); rr++) {
      let rowSum = 0;
      let rowCount = 0;
      for (let q = rr * cols + (c > 0 ? c - 1 : 0); q <= rr * cols + Math.min(c + 1, cols - 1); q++) {
        let v: number;
        if (f < channels) {
          v = counts[base + q];
        } else {
          let named = 0;
          for (let ch = 0; ch < channels; ch++) named += counts[(k * channels + ch) * pixels + q];
          v = Math.max(total![k * pixels + q] - named, 0);
        }
        if (v - v === 0) {
          rowSum += v;
          rowCount++;
        }
      }
      sum += rowSum;
      n += rowCount;
    }
    out[f] = n > 0 ? sum / n : 0;
  }
}
