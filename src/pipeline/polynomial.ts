// Least-squares polynomial surfaces z = sum c_ij x^i y^j (i + j <= order) over an image.

/** Exponent pairs [i, j] of the monomials x^i y^j of total degree <= order. */
function monomials(order: number): [number, number][] {
  const terms: [number, number][] = [];
  for (let degree = 0; degree <= order; degree++) {
    for (let j = 0; j <= degree; j++) terms.push([degree - j, j]);
  }
  return terms;
}

/** Solves the symmetric system a x = b in place by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) [a[col * n + c], a[pivot * n + c]] = [a[pivot * n + c]!, a[col * n + c]!];
      [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    }
    const diagonal = a[col * n + col]!;
    if (Math.abs(diagonal) < 1e-300) throw new Error("singular polynomial fit");
    for (let r = col + 1; r < n; r++) {
      const factor = a[r * n + col]! / diagonal;
      if (factor === 0) continue;
      for (let c = col; c < n; c++) a[r * n + c]! -= factor * a[col * n + c]!;
      b[r]! -= factor * b[col]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let sum = b[r]!;
    for (let c = r + 1; c < n; c++) sum -= a[r * n + c]! * x[c]!;
    x[r] = sum / a[r * n + r]!;
  }
  return x;
}

/**
 * The polynomial surface of degree `order` that best fits the finite values where `include`
 * is nonzero (all finite values without a mask), evaluated at every pixel. Coordinates are
 * scaled to [-1, 1] so that the normal equations stay well conditioned.
 */
export function fitPolynomialSurface(
  values: ArrayLike<number>, rows: number, cols: number, order: number, include?: Uint8Array,
): Float64Array {
  const terms = monomials(order);
  const n = terms.length;
  const xExponents = Int32Array.from(terms, (t) => t[0]);
  const yExponents = Int32Array.from(terms, (t) => t[1]);
  const xs = Float64Array.from({ length: cols }, (_, c) => (cols > 1 ? (2 * c) / (cols - 1) - 1 : 0));
  const ys = Float64Array.from({ length: rows }, (_, r) => (rows > 1 ? (2 * r) / (rows - 1) - 1 : 0));
  // x^i y^j x^k y^l = x^(i+k) y^(j+l): each line contributes its sums of x^a (a <= 2 order) and
  // of x^a z (a <= order) over its included pixels, weighted by powers of its y.
  const xPowers = powerTable(xs, 2 * order);
  const normal = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  const lineSums = new Float64Array(2 * order + 1);
  const lineMoments = new Float64Array(order + 1);
  const usedColumns = new Int32Array(cols);
  let used = 0;
  for (let r = 0; r < rows; r++) {
    used += sumLine(values, r, cols, order, include, xPowers, lineSums, lineMoments, usedColumns);
    const y = ys[r]!;
    for (let p = 0; p < n; p++) {
      rhs[p]! += y ** yExponents[p]! * lineMoments[xExponents[p]!]!;
      for (let q = p; q < n; q++) normal[p * n + q]! += y ** (yExponents[p]! + yExponents[q]!) * lineSums[xExponents[p]! + xExponents[q]!]!;
    }
  }
  for (let p = 0; p < n; p++) for (let q = 0; q < p; q++) normal[p * n + q] = normal[q * n + p]!;
  // Too few points (or too few distinct lines) for the degree: fall back to a lower one.
  if (used < 2 * n || (order > 0 && (rows <= order || cols <= order))) {
    return order > 0 ? fitPolynomialSurface(values, rows, cols, order - 1, include) : new Float64Array(rows * cols);
  }
  const coefficients = solve(normal, rhs, n);
  // Along a line the surface is a polynomial in x: its coefficients once per line.
  const surface = new Float64Array(rows * cols);
  const lineCoefficients = new Float64Array(order + 1);
  for (let r = 0; r < rows; r++) {
    lineCoefficients.fill(0);
    for (let t = 0; t < n; t++) lineCoefficients[xExponents[t]!]! += coefficients[t]! * ys[r]! ** yExponents[t]!;
    evaluateLine(surface, r, cols, order, xPowers, lineCoefficients);
  }
  return surface;
}

/**
 * Line r's sums of x^a (into `sums`, a <= 2 order) and of x^a z (into `moments`, a <= order) over
 * its finite, included pixels, whose columns it lists in `used`; returns how many there were.
 * Each sum runs over the columns in order, one power at a time.
 */
function sumLine(
  values: ArrayLike<number>, r: number, cols: number, order: number, include: Uint8Array | undefined,
  xPowers: Float64Array, sums: Float64Array, moments: Float64Array, used: Int32Array,
): number {
  const line = r * cols;
  let n = 0;
  for (let c = 0; c < cols; c++) {
    if (Number.isFinite(values[line + c]!) && (!include || include[line + c])) used[n++] = c;
  }
  for (let a = 0; a <= 2 * order; a++) sums[a] = sumAt(xPowers, a * cols, used, n);
  for (let a = 0; a <= order; a++) moments[a] = momentAt(xPowers, a * cols, values, line, used, n);
  return n;
}

function sumAt(table: Float64Array, offset: number, used: Int32Array, n: number): number {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += table[offset + used[k]!]!;
  return sum;
}

function momentAt(table: Float64Array, offset: number, values: ArrayLike<number>, line: number, used: Int32Array, n: number): number {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += table[offset + used[k]!]! * values[line + used[k]!]!;
  return sum;
}

/** Line r of `surface`: the polynomial in x with `coefficients`, summed from the constant term up. */
function evaluateLine(
  surface: Float64Array, r: number, cols: number, order: number, xPowers: Float64Array, coefficients: Float64Array,
): void {
  const line = surface.subarray(r * cols, (r + 1) * cols);
  for (let a = 0; a <= order; a++) addTerm(line, coefficients[a]!, xPowers, a * cols);
}

function addTerm(line: Float64Array, coefficient: number, table: Float64Array, offset: number): void {
  for (let c = 0; c < line.length; c++) line[c]! += coefficient * table[offset + c]!;
}

/** table[a * n + k] = values[k]^a for a = 0..maxPower. */
function powerTable(values: Float64Array, maxPower: number): Float64Array {
  const n = values.length;
  const table = new Float64Array((maxPower + 1) * n);
  for (let a = 0; a <= maxPower; a++) for (let k = 0; k < n; k++) table[a * n + k] = values[k]! ** a;
  return table;
}
