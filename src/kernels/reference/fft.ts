// Plain-TypeScript reference of the FFT kernel (assembly/fft.ts): radix-2 for powers of two,
// Bluestein's chirp-z for other lengths, on interleaved complex float64.

function isPowerOfTwo(n: number): boolean {
  return (n & (n - 1)) === 0;
}

function radix2(re: Float64Array, im: Float64Array, sign: number): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let half = 1; half < n; half <<= 1) {
    for (let k = 0; k < half; k++) {
      const angle = (sign * Math.PI * k) / half;
      const wr = Math.cos(angle);
      const wi = Math.sin(angle);
      for (let p = k; p < n; p += half << 1) {
        const q = p + half;
        const tr = wr * re[q]! - wi * im[q]!;
        const ti = wr * im[q]! + wi * re[q]!;
        re[q] = re[p]! - tr;
        im[q] = im[p]! - ti;
        re[p] = re[p]! + tr;
        im[p] = im[p]! + ti;
      }
    }
  }
}

/** DFT of one line in place, sign -1 forward, +1 inverse (unnormalised). */
function transform(re: Float64Array, im: Float64Array, sign: number): void {
  const n = re.length;
  if (isPowerOfTwo(n)) return radix2(re, im, sign);
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (sign * Math.PI * ((k * k) % (2 * n))) / n;
    chirpRe[k] = Math.cos(angle);
    chirpIm[k] = Math.sin(angle);
  }
  const aRe = new Float64Array(m);
  const aIm = new Float64Array(m);
  const bRe = new Float64Array(m);
  const bIm = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    aRe[k] = re[k]! * chirpRe[k]! - im[k]! * chirpIm[k]!;
    aIm[k] = re[k]! * chirpIm[k]! + im[k]! * chirpRe[k]!;
    bRe[k] = chirpRe[k]!;
    bIm[k] = -chirpIm[k]!;
    if (k > 0) {
      bRe[m - k] = chirpRe[k]!;
      bIm[m - k] = -chirpIm[k]!;
    }
  }
  radix2(aRe, aIm, -1);
  radix2(bRe, bIm, -1);
  for (let k = 0; k < m; k++) {
    const r = aRe[k]! * bRe[k]! - aIm[k]! * bIm[k]!;
    aIm[k] = aRe[k]! * bIm[k]! + aIm[k]! * bRe[k]!;
    aRe[k] = r;
  }
  radix2(aRe, aIm, 1);
  for (let k = 0; k < n; k++) {
    const cr = aRe[k]! / m;
    const ci = aIm[k]! / m;
    re[k] = cr * chirpRe[k]! - ci * chirpIm[k]!;
    im[k] = cr * chirpIm[k]! + ci * chirpRe[k]!;
  }
}

/** 2-D DFT of interleaved complex rows x cols data; the inverse divides by rows x cols. */
export function fft2dReference(complex: Float64Array, rows: number, cols: number, inverse = false): Float64Array {
  const sign = inverse ? 1 : -1;
  const out = complex.slice();
  const lineRe = new Float64Array(cols);
  const lineIm = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      lineRe[c] = out[2 * (r * cols + c)]!;
      lineIm[c] = out[2 * (r * cols + c) + 1]!;
    }
    transform(lineRe, lineIm, sign);
    for (let c = 0; c < cols; c++) {
      out[2 * (r * cols + c)] = lineRe[c]!;
      out[2 * (r * cols + c) + 1] = lineIm[c]!;
    }
  }
  const colRe = new Float64Array(rows);
  const colIm = new Float64Array(rows);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) {
      colRe[r] = out[2 * (r * cols + c)]!;
      colIm[r] = out[2 * (r * cols + c) + 1]!;
    }
    transform(colRe, colIm, sign);
    for (let r = 0; r < rows; r++) {
      out[2 * (r * cols + c)] = colRe[r]!;
      out[2 * (r * cols + c) + 1] = colIm[r]!;
    }
  }
  if (inverse) {
    const scale = 1 / (rows * cols);
    for (let i = 0; i < out.length; i++) out[i]! *= scale;
  }
  return out;
}
