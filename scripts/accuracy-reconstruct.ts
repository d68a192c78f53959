// Accuracy sweep of the whole reconstruction against the simulator's truth, over many seeds of
// the small and paper presets (each seed draws its own geometry, drift and sample). Prints the
// WORST case of every figure beside its target, and exits 1 when a target is missed.
//   npm run accuracy:reconstruct -- [--presets small,paper] [--seeds 10]
import { loadReconstructionKernels } from "../src/pipeline/reconstruct/kernels.js";
import { reconstruct, type ReconstructionKernels } from "../src/pipeline/reconstruct.js";
import type { VolumeModel } from "../src/model/types.js";
import type { SimulationResult } from "../src/sim/index.js";
import { simulateAndReconstruct, type Accuracy } from "../tests/pipeline/reconstructAccuracy.js";
import { paperProfile } from "../tests/pipeline/studyProfile.js";

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
}
const presets = option("presets", "small,paper").split(",");
const seeds = Number(option("seeds", "10"));
const nm = 1e-9;

interface Figure {
  name: string;
  target: number;
  unit: string;
  scale: number;
  worst: number;
  /** True: larger is better (worst = smallest). */
  atLeast?: boolean;
}

const figures = (): Record<string, Figure> => ({
  afmToSims: { name: "AFM-before -> SIMS corners", target: 0.5, unit: "SIMS px", scale: 1, worst: 0 },
  afmAfterToSims: { name: "AFM-after -> SIMS corners", target: 0.5, unit: "SIMS px", scale: 1, worst: 0 },
  drift: { name: "drift", target: 0.3, unit: "SIMS px", scale: 1, worst: 0 },
  conservation: { name: "column count conservation", target: 1e-4, unit: "relative", scale: 1, worst: 0 },
  surface: { name: "surface RMS (plane removed)", target: 2, unit: "nm", scale: 1 / nm, worst: 0 },
  interface: { name: "inner-SEI/HC interface, material model (median)", target: 1, unit: "nm", scale: 1 / nm, worst: 0 },
  linearMinusMaterial: { name: "linear model's interface error minus material's", target: 0, unit: "nm", scale: 1 / nm, worst: Infinity, atLeast: true },
  fallRatio: { name: "Na2X+ fall within 20 nm below the outer layer (paper)", target: 5, unit: "x", scale: 1, worst: Infinity, atLeast: true },
  hcFlatness: { name: "Na2X+ flatness in HC, largest 10 nm window deviation from its mean (paper)", target: 0.2, unit: "relative", scale: 1, worst: 0 },
});

/**
 * The reconstruction of the simulator's mean counts (no Poisson noise; the same total-ion images,
 * so the same drift): its flatness is the reconstruction's own, apart from the counting noise of
 * the ROI.
 */
function noiseFreeVolume(simulation: SimulationResult, kernels: ReconstructionKernels): VolumeModel {
  const { sims } = simulation.input;
  const input = { source: "simulated.h5", ...simulation.input, sims: { ...sims, counts: simulation.expectedCounts.slice(), total: sims.total?.slice() } };
  return reconstruct(input, {}, kernels).volume;
}

const kernels = await loadReconstructionKernels();
let missed = false;
for (const preset of presets) {
  const worst = figures();
  if (preset !== "paper") {
    delete worst.fallRatio;
    delete worst.hcFlatness;
  }
  const update = (key: string, value: number) => {
    const figure = worst[key]!;
    figure.worst = figure.atLeast ? Math.min(figure.worst, value) : Math.max(figure.worst, value);
  };
  for (let seed = 1; seed <= seeds; seed++) {
    const started = performance.now();
    const material = simulateAndReconstruct({ preset, seed, truthVolume: false }, {}, kernels);
    const linear = simulateAndReconstruct({ preset, seed, truthVolume: false }, { model: "linear" }, kernels);
    const a: Accuracy = material.accuracy;
    update("afmToSims", a.afmToSimsPx);
    update("afmAfterToSims", a.afmAfterToSimsPx);
    update("drift", a.driftPx);
    update("conservation", a.conservation);
    update("surface", a.surfaceRms);
    update("interface", a.interfaceError);
    update("linearMinusMaterial", linear.accuracy.interfaceError - a.interfaceError);
    let line = `${preset} seed ${seed}: corners ${a.afmToSimsPx.toFixed(3)}/${a.afmAfterToSimsPx.toFixed(3)} px, drift ${a.driftPx.toFixed(3)} px, surface ${(a.surfaceRms / nm).toFixed(2)} nm, interface ${(a.interfaceError / nm).toFixed(2)} nm (linear ${(linear.accuracy.interfaceError / nm).toFixed(2)})`;
    if (preset === "paper") {
      const { fall, flatness, roiPixels } = paperProfile(material.simulation, material.volume);
      const noiseFree = paperProfile(material.simulation, noiseFreeVolume(material.simulation, kernels));
      update("fallRatio", fall);
      update("hcFlatness", flatness);
      line += `, Na2X fall ${fall.toFixed(1)}x, HC flatness ${(100 * flatness).toFixed(1)}% (noise-free ${(100 * noiseFree.flatness).toFixed(1)}%, ROI ${roiPixels} px)`;
    }
    process.stdout.write(`${line} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  process.stdout.write(`\n${preset}: worst case over ${seeds} seeds\n`);
  for (const figure of Object.values(worst)) {
    const value = figure.worst * figure.scale;
    const ok = figure.atLeast ? value >= figure.target : value <= figure.target;
    missed ||= !ok;
    const shown = value.toPrecision(3);
    process.stdout.write(`  ${ok ? "ok    " : "MISSED"} ${figure.name}: ${shown} ${figure.unit} (target ${figure.atLeast ? ">=" : "<="} ${figure.target})\n`);
  }
  process.stdout.write("\n");
}
process.exitCode = missed ? 1 : 0;
