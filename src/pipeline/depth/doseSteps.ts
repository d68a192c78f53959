/**
 * Sputter dose delivered in each layer's sputter frame, from the cumulative dose at the end of
 * each frame (`/sims/sputter_dose`); equal steps when the dose is absent.
 */
export function doseSteps(layers: number, cumulativeDose?: ArrayLike<number>): Float64Array {
  const steps = new Float64Array(layers);
  if (!cumulativeDose) return steps.fill(1);
  if (cumulativeDose.length !== layers) {
    throw new RangeError(`sputter dose has ${cumulativeDose.length} values for ${layers} layers`);
  }
  let previous = 0;
  for (let k = 0; k < layers; k++) {
    const step = cumulativeDose[k] - previous;
    if (!(step >= 0)) throw new RangeError(`sputter dose decreases at layer ${k}`);
    steps[k] = step;
    previous = cumulativeDose[k];
  }
  if (previous <= 0) throw new RangeError("sputter dose is zero over the whole profile");
  return steps;
}
