/**
 * The simulator as a library: `simulate(resolveParams({ preset: "small", seed: 1 }))` returns the
 * measurement and its ground truth in memory; `writeSimulation` stores them as an afmsims-input
 * file with `/truth`.
 */
export { resolveParams, type SimulateOptions } from "./resolveParams.js";
export { simulate, type SimulationResult } from "./simulate.js";
export { writeSimulation } from "./writeSimulation.js";
export type { SimulationParams, SpotSpec } from "./params.js";
export { MATERIALS, COMPONENTS, EPOXY, HARD_CARBON, INORGANIC, ORGANIC } from "./materials.js";
