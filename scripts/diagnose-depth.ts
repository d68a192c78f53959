// Diagnosis of the inner-SEI/HC interface error against the simulator's truth, one seed at a time:
// how much comes from the halfway rule itself (true layer depths), from the removed depth d(x,y),
// from the shape of the steps, what the fitted rates are against the true ones, and how much of
// each pixel's own interface depth (beside its neighbours') our d can see at all.
//   npx tsx scripts/diagnose-depth.ts --preset small --seeds 1,2
import { loadReconstructionKernels } from "../src/pipeline/reconstruct/kernels.js";
import { doseSteps } from "../src/pipeline/depth/doseSteps.js";
import { emissionDepth, estimateInformationDepth, responseMedian } from "../src/pipeline/depth/informationDepth.js";
import { stepsToDepth } from "../src/pipeline/depth/stepsToDepth.js";
import { linearLayerDepth } from "../src/pipeline/depth/linearModel.js";
import { MATERIALS } from "../src/sim/materials.js";
import type { Affine } from "../src/model/types.js";
import { simulateAndReconstruct } from "../tests/pipeline/reconstructAccuracy.js";
import { beamBlurredShape, gaussianLowPass } from "../tests/pipeline/gaussianLowPass.js";
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
  const emitted = (depth: Float32Array, { meanDepth, mixing }: { meanDepth: number; mixing: number }) => emissionDepth(depth, layers, pixels, meanDepth, mixing);
  const simulated = { meanDepth: simulation.params.informationDepth, mixing: simulation.params.mixingSigma };
  console.log(`  information depth from the data: ${(response.meanDepth / nm).toFixed(2)} nm (mixing ${(response.mixing / nm).toFixed(2)}, median ${(responseMedian(response.meanDepth, response.mixing) / nm).toFixed(2)}) on our depths, ${(responseOnTruth.meanDepth / nm).toFixed(2)} (${(responseOnTruth.mixing / nm).toFixed(2)}) on the true ones; simulated ${(simulated.meanDepth / nm).toFixed(2)} (${(simulated.mixing / nm).toFixed(2)}, median ${(responseMedian(simulated.meanDepth, simulated.mixing) / nm).toFixed(2)})`);
  console.log(`  counts placed at emission depth: ours ${score(correctedCounts, emitted(ours, response)).toFixed(2)} nm (signed ${signed(correctedCounts, emitted(ours, response)).toFixed(2)}), with the simulated response ${score(correctedCounts, emitted(ours, simulated)).toFixed(2)} (signed ${signed(correctedCounts, emitted(ours, simulated)).toFixed(2)}); true layer depths ${score(correctedCounts, emitted(truth.layerDepth, responseOnTruth)).toFixed(2)} (signed ${signed(correctedCounts, emitted(truth.layerDepth, responseOnTruth)).toFixed(2)}), with the simulated response ${score(correctedCounts, emitted(truth.layerDepth, simulated)).toFixed(2)} (signed ${signed(correctedCounts, emitted(truth.layerDepth, simulated)).toFixed(2)})`);
  const linearOnTrueD = linearLayerDepth(Float64Array.from(truth.layerDepth.subarray(layers * pixels)), layers, simulation.input.sims.sputterDose);
  console.log(`  linear steps on true d, simulated response: ${score(correctedCounts, emitted(linearOnTrueD, simulated)).toFixed(2)}; our steps on true d, simulated response: ${score(correctedCounts, emitted(oursOnTrueD, simulated)).toFixed(2)} (signed ${signed(correctedCounts, emitted(oursOnTrueD, simulated)).toFixed(2)})`);
  // The material model's ceiling on our d: the true fractions of what each frame removed, at the true rates.
  const steps = doseSteps(layers, simulation.input.sims.sputterDose);
  const fractions = truth.layerFractions;
  const trueWeights = (k: number, weights: Float64Array) => {
    weights.fill(0);
    for (let m = 0; m < MATERIALS.length; m++) {
      for (let p = 0; p < pixels; p++) weights[p] += fractions[(k * MATERIALS.length + m) * pixels + p]! * simulation.params.sputterRates[m]! * steps[k]!;
    }
  };
  const trueModel = stepsToDepth(trueWeights, Float64Array.from(ours.subarray(layers * pixels)), layers);
  console.log(`  true fractions and rates on our d, simulated response: ${score(correctedCounts, emitted(trueModel, simulated)).toFixed(2)} nm (signed ${signed(correctedCounts, emitted(trueModel, simulated)).toFixed(2)})`);
  // Fusing our d with a rate model's own prediction, d = d_model + L(d_afm - d_model) with L a
  // Gaussian low-pass as wide as a multiple of the AFM's line pitch on the SIMS grid: here the
  // model is the truth's (true fractions and rates), so these lines are the fusion's ceiling.
  const truePredicted = new Float64Array(pixels);
  const layerWeights = new Float64Array(pixels);
  for (let k = 0; k < layers; k++) {
    trueWeights(k, layerWeights);
    for (let p = 0; p < pixels; p++) truePredicted[p] += layerWeights[p]!;
  }
  const pitch = Math.max(lineSpacing(volume.afmToSims), volume.afmAfterToSims ? lineSpacing(volume.afmAfterToSims) : 0);
  const difference = Float64Array.from(truePredicted, (predicted, p) => ours[layers * pixels + p]! - predicted);
  for (const multiple of [0.5, 1, 2, 4]) {
    const level = gaussianLowPass(difference, rows, cols, multiple * pitch);
    const fused = Float64Array.from(level, (value, p) => Math.max(truePredicted[p]! + value, 0));
    const onFused = stepsToDepth(trueWeights, fused, layers);
    const fusedError = [...core.keys()].filter((p) => core[p]).map((p) => Math.abs(fused[p]! - truth.layerDepth[layers * pixels + p]!) / nm).sort((x, y) => x - y);
    console.log(`    ... on d fused at ${multiple} x the line pitch (${(multiple * pitch).toFixed(1)} px): ${score(correctedCounts, emitted(onFused, simulated)).toFixed(2)} nm (signed ${signed(correctedCounts, emitted(onFused, simulated)).toFixed(2)}); |d - true d| median ${fusedError[fusedError.length >> 1]!.toFixed(2)} nm, 90% ${fusedError[Math.floor(fusedError.length * 0.9)]!.toFixed(2)}`);
  }
  // The best any shape read from the SIMS signals can do: the true step shape (each layer's share
  // of the removed depth) blurred laterally by the primary beam, on the true d.
  const beamPx = simulation.params.beamSigma / simulation.input.sims.pixelSize[0];
  const beamShape = beamBlurredShape(truth.layerDepth, layers, rows, cols, beamPx);
  console.log(`  true step shape blurred by the beam (${beamPx.toFixed(2)} px) on true d, simulated response: ${score(correctedCounts, emitted(beamShape, simulated)).toFixed(2)} nm (signed ${signed(correctedCounts, emitted(beamShape, simulated)).toFixed(2)})`);
  // Where down the column our step shape (on the true d) departs from the truth, over the spot core.
  const shapeProfile: string[] = [];
  for (let k = 0; k <= layers; k += Math.max(1, Math.round(layers / 10))) {
    const errors = [...core.keys()].filter((p) => core[p]).map((p) => (oursOnTrueD[k * pixels + p]! - truth.layerDepth[k * pixels + p]!) / nm);
    const mean = errors.reduce((sum, e) => sum + e, 0) / errors.length;
    const sd = Math.sqrt(errors.reduce((sum, e) => sum + (e - mean) ** 2, 0) / errors.length);
    shapeProfile.push(`${k}: ${mean.toFixed(1)}±${sd.toFixed(1)}`);
  }
  console.log(`  our steps on true d minus true layer depths (layer: mean±sd nm): ${shapeProfile.join(", ")}`);
  const trueD = (p: number) => truth.layerDepth[layers * pixels + p]!;
  const local = localDeviations(truthInterface, core, rows, cols, {
    "our d": (p) => ours[layers * pixels + p]!,
    "true d": trueD,
    "our surface before": (p) => volume.surfaceBefore[p]!,
    "true surface before": (p) => truth.surfaceBefore[p]!,
    "our crater floor": (p) => volume.surfaceAfter![p]!,
    "true crater floor": (p) => truth.surfaceBefore[p]! - trueD(p),
  });
  console.log(`  spot pixels' interface depth beside the 3x3 mean of its neighbours: sd ${local.interfaceSd.toFixed(2)} nm; correlation with the same deviation of ${local.correlations}`);
  const rates = simulation.params.sputterRates;
  console.log(`  true rates per dose: ${MATERIALS.map((m, i) => `${m} ${(rates[i]! / nm).toFixed(2)}`).join(", ")} nm`);
  for (const c of report.depth.classes ?? []) {
    const sig = Object.entries(c.signature).map(([k, v]) => `${k}=${v.toFixed(1)}`).join(" ");
    console.log(`  class rate ${(c.rate / nm).toFixed(3)} nm/dose share ${(100 * c.share).toFixed(2)}% ${sig}`);
  }
}

/**
 * How far each core pixel's true interface depth lies from the 3x3 mean around it (sd, nm), and
 * how well the same local deviation of each of `fields` follows it. A depth model sees a pixel's
 * own organic thickness only through what resolves it: the SIMS signals are blurred over
 * neighbours by the beam; with a weak correlation no model can follow that sd.
 */
function localDeviations(
  interfaceDepth: Float64Array, core: Uint8Array, rows: number, cols: number, fields: Record<string, (p: number) => number>,
): { interfaceSd: number; correlations: string } {
  const pixels = rows * cols;
  const deviation = (value: (p: number) => number) => {
    const out = new Float64Array(pixels).fill(NaN);
    for (let r = 1; r < rows - 1; r++) {
      for (let c = 1; c < cols - 1; c++) {
        let sum = 0;
        for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) sum += value((r + dr) * cols + c + dc);
        out[r * cols + c] = value(r * cols + c) - sum / 9;
      }
    }
    return out;
  };
  const interfaceDev = deviation((p) => interfaceDepth[p]!);
  const fieldDevs = Object.entries(fields).map(([name, value]) => [name, deviation(value)] as const);
  const used = [...core.keys()].filter((p) => core[p] && [interfaceDev, ...fieldDevs.map(([, d]) => d)].every((a) => Number.isFinite(a[p]!)));
  const correlation = (a: Float64Array, b: Float64Array) => {
    const mean = (x: Float64Array) => used.reduce((s, p) => s + x[p]!, 0) / used.length;
    const [ma, mb] = [mean(a), mean(b)];
    let ab = 0;
    let aa = 0;
    let bb = 0;
    for (const p of used) {
      ab += (a[p]! - ma) * (b[p]! - mb);
      aa += (a[p]! - ma) ** 2;
      bb += (b[p]! - mb) ** 2;
    }
    return ab / Math.sqrt(aa * bb);
  };
  const interfaceSd = Math.sqrt(used.reduce((s, p) => s + interfaceDev[p]! ** 2, 0) / used.length) / nm;
  return { interfaceSd, correlations: fieldDevs.map(([name, d]) => `${name} ${correlation(interfaceDev, d).toFixed(2)}`).join(", ") };
}

/** Distance between consecutive AFM scan lines (rows) on the SIMS grid, pixels. */
function lineSpacing(afmToSims: Affine): number {
  return Math.hypot(afmToSims[1]!, afmToSims[4]!);
}
