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
  const xs = Float64Array.from({ length: cols }, (_, c) => (cols > 1 ? (2 * c) / (cols - 1) - 1 : 0));
  const ys = Float64Array.from({ length: rows }, (_, r) => (rows > 1 ? (2 * r) / (rows - 1) - 1 : 0));
  // Each monomial factors into a power of x and one of y: tabulated once per column and per row
  // instead of per pixel.
  const xPowers = new Float64Array(n * cols);
  const yPowers = new Float64Array(n * rows);
  for (let t = 0; t < n; t++) {
    const [i, j] = terms[t]!;
    for (let c = 0; c < cols; c++) xPowers[t * cols + c] = xs[c]! ** i;
    for (let r = 0; r < rows; r++) yPowers[t * rows + r] = ys[r]! ** j;
  }
  const basis = new Float64Array(n);
  const normal = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  let used = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const z = values[i]!;
      if (!Number.isFinite(z) || (include && !include[i])) continue;
      for (let t = 0; t < n; t++) basis[t] = xPowers[t * cols + c]! * yPowers[t * rows + r]!;
      for (let p = 0; p < n; p++) {
        rhs[p]! += basis[p]! * z;
        for (let q = p; q < n; q++) normal[p * n + q]! += basis[p]! * basis[q]!;
      }
      used++;
    }
  }
  for (let p = 0; p < n; p++) for (let q = 0; q < p; q++) normal[p * n + q] = normal[q * n + p]!;
  // Too few points (or too few distinct lines) for the degree: fall back to a lower one.
  if (used < 2 * n || (order > 0 && (rows <= order || cols <= order))) {
    return order > 0 ? fitPolynomialSurface(values, rows, cols, order - 1, include) : new Float64Array(rows * cols);
  }
  const coefficients = solve(normal, rhs, n);
  const surface = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let z = 0;
      for (let t = 0; t < n; t++) z += coefficients[t]! * (xPowers[t * cols + c]! * yPowers[t * rows + r]!);
      surface[r * cols + c] = z;
    }
  }
  return surface;
}
