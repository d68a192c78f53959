import { mulberry32 } from "../../random/mulberry32.js";
/**
 * k-means (Lloyd) on feature vectors stored feature-major (`values[f * samples + i]`), seeded
 * by k-means++ from fixed seeds so a reconstruction is repeatable; of `restarts` runs the one
 * with the lowest within-class sum of squares wins, since Lloyd stops in local minima.
 * Only the samples listed in `subset` take part. Returns the centroids `[k, features]`.
 */
export function kMeans(
  values: Float32Array,
  features: number,
  samples: number,
  subset: Int32Array,
  k: number,
  restarts = 3,
): Float64Array {
  if (subset.length < k) throw new RangeError(`need at least ${k} samples to find ${k} classes, have ${subset.length}`);
  let best: Float64Array = new Float64Array(0);
  let bestInertia = Infinity;
  for (let run = 0; run < restarts; run++) {
    const centroids = lloyd(values, features, samples, subset, k, mulberry32(0x5eed + run));
    const inertia = withinClassSquares(values, features, samples, subset, centroids, k);
    if (inertia < bestInertia) {
      bestInertia = inertia;
      best = centroids;
    }
  }
  return best;
}

function withinClassSquares(
  values: Float32Array,
  features: number,
  samples: number,
  subset: Int32Array,
  centroids: Float64Array,
  k: number,
): number {
  let sum = 0;
  for (let j = 0; j < subset.length; j++) {
    let nearest = Infinity;
    for (let c = 0; c < k; c++) nearest = Math.min(nearest, distance2(values, features, samples, subset[j], centroids, c));
    sum += nearest;
  }
  return sum;
}

function lloyd(
  values: Float32Array,
  features: number,
  samples: number,
  subset: Int32Array,
  k: number,
  random: () => number,
  iterations = 50,
): Float64Array {
  const n = subset.length;
  const centroids = new Float64Array(k * features);
  const nearest = new Float64Array(n).fill(Infinity);
  copySample(values, features, samples, subset[Math.floor(random() * n)], centroids, 0);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let j = 0; j < n; j++) {
      nearest[j] = Math.min(nearest[j], distance2(values, features, samples, subset[j], centroids, c - 1));
      total += nearest[j];
    }
    let target = random() * total;
    let chosen = n - 1;
    for (let j = 0; j < n; j++) {
      target -= nearest[j];
      if (target <= 0) {
        chosen = j;
        break;
      }
    }
    copySample(values, features, samples, subset[chosen], centroids, c);
  }
  const sums = new Float64Array(k * features);
  const sizes = new Float64Array(k);
  for (let it = 0; it < iterations; it++) {
    sums.fill(0);
    sizes.fill(0);
    for (let j = 0; j < n; j++) {
      const i = subset[j];
      let best = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        const dist = distance2(values, features, samples, i, centroids, c);
        if (dist < bestDistance) {
          bestDistance = dist;
          best = c;
        }
      }
      sizes[best]++;
      for (let f = 0; f < features; f++) sums[best * features + f] += values[f * samples + i];
    }
    let moved = 0;
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) continue;
      for (let f = 0; f < features; f++) {
        const next = sums[c * features + f] / sizes[c];
        moved = Math.max(moved, Math.abs(next - centroids[c * features + f]));
        centroids[c * features + f] = next;
      }
    }
    if (moved === 0) break;
  }
  return centroids;
}

function distance2(
  values: Float32Array,
  features: number,
  samples: number,
  i: number,
  centroids: Float64Array,
  c: number,
): number {
  let sum = 0;
  for (let f = 0; f < features; f++) {
    const d = values[f * samples + i] - centroids[c * features + f];
    sum += d * d;
  }
  return sum;
}

function copySample(
  values: Float32Array,
  features: number,
  samples: number,
  i: number,
  centroids: Float64Array,
  c: number,
): void {
  for (let f = 0; f < features; f++) centroids[c * features + f] = values[f * samples + i];
}
