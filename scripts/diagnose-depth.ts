// Diagnosis of the inner-SEI/HC interface error against the simulator's truth, one seed at a time:
// how much comes from the halfway rule itself (true layer depths), from the removed depth d(x,y),
// from the shape of the steps, and what the fitted rates are against the true ones.
//   npx tsx scripts/diagnose-depth.ts --preset small --seeds 1,2
import { loadReconstructionKernels } from "../src/pipeline/reconstruct/kernels.js";
import { emissionDepth, estimateInformationDepth } from "../src/pipeline/depth/informationDepth.js";
import { MATERIALS } from "../src/sim/materials.js";
import { simulateAndReconstruct } from "../tests/pipeline/reconstructAccuracy.js";
import { halfwayInterfaceDepth, medianAbsoluteError } from "../tests/pipeline/interfaceDepth.js";

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
}
const preset = option("preset", "small");
const seeds = option("seeds", "1").split(",").map(Number);
const model = option("model", "material") as "material" | "linear";
const nm = 1e-9;
const kernels = await loadReconstructionKernels();

for (const seed of seeds) {
  const { simulation, volume, report, correctedCounts } = simulateAndReconstruct({ preset, seed, truthVolume: false }, { model }, kernels);
  const { layers, rows, cols, channels } = volume;
  const pixels = rows * cols;
  const shape = { layers, channels, rows, cols };
  const truth = simulation.layers;
  const na2f = volume.labels.indexOf("Na2F+");
  const truthInterface = new Float64Array(pixels);
  const core = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    truthInterface[p] = truth.surfaceBefore[p]! - truth.interfaceInnerHc[p]!;
    core[p] = truth.spotMask[p] === 1 && Number.isFinite(truthInterface[p]) ? 1 : 0;
  }
  const score = (counts: Float32Array, depth: Float32Array) =>
    medianAbsoluteError(halfwayInterfaceDepth(counts, depth, shape, na2f), truthInterface, core) / nm;
  const signed = (counts: Float32Array, depth: Float32Array) => {
    const ours = halfwayInterfaceDepth(counts, depth, shape, na2f);
    const e: number[] = [];
    for (let p = 0; p < pixels; p++) if (core[p] && Number.isFinite(ours[p]!)) e.push(ours[p]! - truthInterface[p]!);
    e.sort((a, b) => a - b);
    return e[Math.floor(e.length / 2)]! / nm;
  };
  const ours = volume.layerDepth;
  // Our step shapes scaled to the true removed depth, and the true shapes scaled to ours.
  const oursOnTrueD = new Float32Array(ours.length);
  const trueOnOurD = new Float32Array(ours.length);
  const dErr: number[] = [];
  for (let p = 0; p < pixels; p++) {
    const dOurs = ours[layers * pixels + p]!;
    const dTrue = truth.layerDepth[layers * pixels + p]!;
    if (core[p]) dErr.push(dOurs - dTrue);
    for (let k = 0; k <= layers; k++) {
      oursOnTrueD[k * pixels + p] = (ours[k * pixels + p]! * dTrue) / dOurs;
      trueOnOurD[k * pixels + p] = (truth.layerDepth[k * pixels + p]! * dOurs) / dTrue;
    }
  }
  dErr.sort((a, b) => a - b);
  const expected = simulation.expectedCounts;
  // Expected counts are in drifted geometry; this only matters at the spot edge.
  console.log(`${preset} seed ${seed} (${model}):`);
  console.log(`  interface error: ours ${score(correctedCounts, ours).toFixed(2)} nm (signed median ${signed(correctedCounts, ours).toFixed(2)})`);
  console.log(`  with true layer depths: ${score(correctedCounts, truth.layerDepth).toFixed(2)} nm (signed ${signed(correctedCounts, truth.layerDepth).toFixed(2)}); noise-free expected counts: ${score(expected, truth.layerDepth).toFixed(2)} (signed ${signed(expected, truth.layerDepth).toFixed(2)})`);
  console.log(`  our steps on true d: ${score(correctedCounts, oursOnTrueD).toFixed(2)} (signed ${signed(correctedCounts, oursOnTrueD).toFixed(2)}); true steps on our d: ${score(correctedCounts, trueOnOurD).toFixed(2)} (signed ${signed(correctedCounts, trueOnOurD).toFixed(2)})`);
  console.log(`  removed depth over the core: median error ${(dErr[Math.floor(dErr.length / 2)]! / nm).toFixed(2)} nm, 10%/90% ${(dErr[Math.floor(dErr.length * 0.1)]! / nm).toFixed(2)}/${(dErr[Math.floor(dErr.length * 0.9)]! / nm).toFixed(2)}`);
  const response = estimateInformationDepth(correctedCounts, ours, shape);
  const responseOnTruth = estimateInformationDepth(correctedCounts, truth.layerDepth, shape);
  const emitted = (depth: Float32Array, meanDepth: number) => emissionDepth(depth, layers, pixels, meanDepth);
  console.log(`  information depth from the data: ${(response.meanDepth / nm).toFixed(2)} nm (mixing ${(response.mixing / nm).toFixed(2)}) on our depths, ${(responseOnTruth.meanDepth / nm).toFixed(2)} (${(responseOnTruth.mixing / nm).toFixed(2)}) on the true ones; simulated ${(simulation.params.informationDepth / nm).toFixed(2)} (${(simulation.params.mixingSigma / nm).toFixed(2)})`);
  console.log(`  counts placed at emission depth: ours ${score(correctedCounts, emitted(ours, response.meanDepth)).toFixed(2)} nm (signed ${signed(correctedCounts, emitted(ours, response.meanDepth)).toFixed(2)}); true layer depths ${score(correctedCounts, emitted(truth.layerDepth, responseOnTruth.meanDepth)).toFixed(2)} (signed ${signed(correctedCounts, emitted(truth.layerDepth, responseOnTruth.meanDepth)).toFixed(2)})`);
  const rates = simulation.params.sputterRates;
  console.log(`  true rates per dose: ${MATERIALS.map((m, i) => `${m} ${(rates[i]! / nm).toFixed(2)}`).join(", ")} nm`);
  for (const c of report.depth.classes ?? []) {
    const sig = Object.entries(c.signature).map(([k, v]) => `${k}=${v.toFixed(1)}`).join(" ");
    console.log(`  class rate ${(c.rate / nm).toFixed(3)} nm/dose share ${(100 * c.share).toFixed(2)}% ${sig}`);
  }
}
