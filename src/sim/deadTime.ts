import type { Random } from "./random.js";

/**
 * A pulse-counting detector registers at most one ion per channel and primary pulse. With `pulses`
 * pulses and `expected` ions arriving (Poisson) in all, each pulse has a count with probability
 * 1 - exp(-expected/pulses), so the observed count is Binomial(pulses, that probability) with
 * mean pulses * (1 - exp(-expected/pulses)).
 */
export function observedCount(expected: number, pulses: number, random: Random): number {
  return random.binomial(pulses, -Math.expm1(-expected / pulses));
}

/** Mean observed count for `expected` arriving ions (SCIENCE.md). */
export function meanObservedCount(expected: number, pulses: number): number {
  return -pulses * Math.expm1(-expected / pulses);
}
