// Poisson dead-time correction (Stephan et al., JVST A 12, 1994): at most one count per
// primary pulse, so the observed mean n of N pulses relates to the true mean by
// n = N (1 - exp(-n_true / N)), hence n_true = -N ln(1 - n / N).

/**
 * Corrects `count` float32 values in place at `ptr` for `pulses` primary pulses per pixel.
 * Values at or above `pulses` are clamped just below it, where the inverse is still finite.
 */
export function deadTimeCorrect(ptr: usize, count: i32, pulses: f32): void {
  const ceiling: f32 = pulses * (1.0 - 1.0 / (2.0 * pulses));
  for (let i = 0; i < count; i++) {
    const at = ptr + (<usize>i << 2);
    const observed = load<f32>(at);
    const clamped = observed < ceiling ? observed : ceiling;
    store<f32>(at, <f32>(-pulses * Mathf.log(1.0 - clamped / pulses)));
  }
}
