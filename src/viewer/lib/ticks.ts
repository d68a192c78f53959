/**
 * "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, about `target` of them across
 * [min, max], with the labels' decimal count.
 */
export interface Ticks {
  values: number[];
  step: number;
  decimals: number;
}

export function niceTicks(min: number, max: number, target = 5): Ticks {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return { values: [min], step: 0, decimals: 0 };
  const rough = span / Math.max(1, target);
  const magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
  const multiple = [1, 2, 5, 10].find((m) => m * magnitude >= rough) ?? 10;
  const step = multiple * magnitude;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const values: number[] = [];
  // A tolerance of a millionth of a step keeps an end that is a multiple of the step.
  const first = Math.ceil(min / step - 1e-6);
  const last = Math.floor(max / step + 1e-6);
  for (let k = first; k <= last; k++) values.push(Number((k * step).toFixed(decimals)));
  return { values, step, decimals };
}
