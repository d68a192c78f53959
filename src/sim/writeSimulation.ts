import { silentProgress, type Progress } from "../cli/progress.js";
import { writeInput } from "../io/writeInput.js";
import { putArray, type Group } from "./h5Arrays.js";
import { COMPONENTS, MATERIALS } from "./materials.js";
import type { SimulationResult } from "./simulate.js";

function scalar(value: number): [Float64Array, number[]] {
  return [new Float64Array([value]), []];
}

/** Fractions 0..1 as u8 steps of 1/255: a quarter of the size of floats, still exact to 0.2 %. */
function toUnitBytes(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, values[i])) * 255);
  return out;
}

function countsFitU16(result: SimulationResult): boolean {
  let largest = 0;
  for (const array of [result.input.sims.counts, result.input.sims.total!]) {
    for (let i = 0; i < array.length; i++) if (array[i] > largest) largest = array[i];
  }
  return largest <= 65535;
}

/** Writes the simulated measurement as an `afmsims-input` file with its ground truth under `/truth`. */
export async function writeSimulation(
  file: string,
  result: SimulationResult,
  options: { force?: boolean; progress?: Progress; truth?: boolean } = {},
): Promise<void> {
  const withTruth = options.truth ?? true;
  const { params, volume } = result;
  const progress = options.progress ?? silentProgress;
  // the stacks of planes are nearly all of the writing time
  const truthPlanes = withTruth ? params.layers * MATERIALS.length + (volume ? params.channels.length * volume.nz : 0) : 0;
  const planes = params.layers * params.channels.length + params.layers + truthPlanes;
  let written = 0;
  progress.stage("writing", planes);
  const onPlanes = (count: number) => progress.update((written += count));
  await writeInput(file, result.input, {
    force: options.force,
    countsDtype: countsFitU16(result) ? "<H" : "<I",
    rootAttributes: { generator: "afmsims simulate", preset: params.preset, seed: params.seed },
    extend: withTruth ? (h5) => writeTruth(h5.create_group("truth"), result, onPlanes) : undefined,
  });
  progress.end();
}

function writeTruth(truth: Group, result: SimulationResult, onPlanes: (count: number) => void): void {
  const { params, layers, volume, transforms } = result;
  const { rows, cols } = params.sims;
  const channelCount = params.channels.length;
  const afmShape = [params.afm.rows, params.afm.cols];
  const pixelFrame = "on (col, row, 1) pixel coordinates";

  const attributes: [string, Float64Array, number[]][] = [
    ["seed", ...scalar(params.seed)],
    ["afm_noise", ...scalar(params.afmArtefacts.noise)],
    ["dead_time_pulses", ...scalar(params.scansPerLayer * params.shotsPerPixel)],
    ["beam_sigma", ...scalar(params.beamSigma)],
    ["information_depth", ...scalar(params.informationDepth)],
    ["mixing_sigma", ...scalar(params.mixingSigma)],
    ["rotation_deg", ...scalar(params.geometry.rotationDeg)],
    ["scale", ...scalar(params.geometry.scale)],
    ["drift_px", ...scalar(params.driftPx)],
  ];
  // without an after scan there is nothing for the after-scan truth to describe
  if (params.after) attributes.push(["mean_depth", ...scalar(result.meanDepth)]);
  for (const [name, value, shape] of attributes) truth.create_attribute(name, value, shape);
  truth.create_attribute("preset", params.preset);
  truth.create_attribute("flat", new Uint8Array([params.flat ? 1 : 0]), []);
  truth.create_attribute("shift", new Float64Array(params.geometry.shift));
  truth.create_attribute("after_shift", new Float64Array(params.geometry.afterShift));
  truth.create_attribute("parameters", JSON.stringify(params));
  truth.create_attribute(
    "description",
    "Ground truth of a simulated measurement. Lengths in metres; heights in the frame of surface_before; " +
      "attrs: afm_noise (m), dead_time_pulses N, beam_sigma (m), information_depth (m, 1/e), mixing_sigma (m), " +
      "rotation_deg and scale of the AFM against the SIMS axes, shift (x, y) of the SIMS field centre from the AFM field centre (m)",
  );

  putArray(truth, "afm_to_sims", transforms.afmToSims, [3, 3], `maps AFM-before pixels to SIMS pixels ${pixelFrame}`);
  if (params.after) {
    putArray(truth, "afm_after_to_sims", transforms.afmAfterToSims, [3, 3], `maps AFM-after pixels to SIMS pixels ${pixelFrame}`);
    putArray(truth, "afm_after_to_afm_before", transforms.afmAfterToAfmBefore, [3, 3], `maps AFM-after pixels to AFM-before pixels ${pixelFrame}`);
    }
  putArray(truth, "drift", result.drift, [params.layers, 2], "(dy, dx): a feature at (row, col) in layer 0 appears at (row + dy, col + dx) in layer k", { units: "SIMS pixels" });

  putArray(truth, "layer_depth", layers.layerDepth, [params.layers + 1, rows, cols], "depth below the original surface at which each layer's analysis began, layer-0 SIMS grid; last row: crater bottom", { units: "m", onPlanes });
  putArray(truth, "surface_before", layers.surfaceBefore, [rows, cols], "true original surface height on the layer-0 SIMS grid", { units: "m" });
  putArray(truth, "surface_after", layers.surfaceAfter, [rows, cols], "true crater floor height on the layer-0 SIMS grid, same frame", { units: "m" });
  putArray(truth, "afm_before_true", Float32Array.from(result.afmBeforeTrue), afmShape, "true topography at the AFM-before pixels, no scan artefacts, same frame", { units: "m" });
  putArray(truth, "afm_after_true", Float32Array.from(result.afmAfterTrue), afmShape, "true topography at the AFM-after pixels after the whole profile, no scan artefacts, same frame", { units: "m" });
  putArray(truth, "interface_inner_hc", layers.interfaceInnerHc, [rows, cols], "height of the inner-SEI/substrate interface (NaN where there is no SEI)", { units: "m" });
  putArray(truth, "interface_outer_inner", layers.interfaceOuterInner, [rows, cols], "height of the outer/inner SEI interface (NaN where there is no SEI)", { units: "m" });
  putArray(truth, "spot_mask", layers.spotMask, [rows, cols], "1 inside an SEI spot (soft edge counted to half thickness)");
  putArray(truth, "substrate", layers.substrate, [rows, cols], "material index (see materials) of what lies under any SEI");
  putArray(truth, "inorganic_mix", layers.inorganicMix, [3, rows, cols], "NaF, NaCl, Na2O shares of the inner SEI layer (NaN where there is none)");

  truth.create_dataset({ name: "materials", data: [...MATERIALS], shape: [MATERIALS.length] });
  putArray(truth, "sputter_rates", Float64Array.from(params.sputterRates, (rate) => rate / 1e-9), [MATERIALS.length], "relative sputter rate of each material", { units: "nm per unit dose" });
  const fractions = putArray(
    truth,
    "layer_fractions",
    toUnitBytes(layers.layerFractions),
    [params.layers, MATERIALS.length, rows, cols],
    "share of each material in the depth interval each layer's sputter frame removed, layer-0 SIMS grid; value / 255",
    { onPlanes },
  );
  fractions.create_attribute("scale", ...scalar(1 / 255));

  const pulses = params.scansPerLayer * params.shotsPerPixel;
  truth.create_dataset({ name: "components", data: [...COMPONENTS], shape: [COMPONENTS.length] });
  putArray(truth, "yields", Float64Array.from(params.yieldsPerPulse.flat(), (y) => y * pulses), [COMPONENTS.length, channelCount], "expected counts per layer at full coverage, before dead time, per component and channel", { units: "counts" });
  putArray(truth, "expected_counts", result.expectedCounts, [params.layers, channelCount, rows, cols], "mean counts before dead time and noise, drifted like /sims/counts", { units: "counts", onPlanes });

  if (!volume) return;
  const volumeSet = putArray(
    truth,
    "volume",
    volume.data,
    [channelCount, volume.nz, rows, cols],
    "noise-free, artefact-free counts per voxel as the output contract's /volume/data defines them; NaN above the surface and below the crater floor",
    { units: "counts", onPlanes },
  );
  volumeSet.create_attribute("voxel_size", new Float64Array([volume.dz, params.sims.pixelSize[0], params.sims.pixelSize[1]]));
  volumeSet.create_attribute("z_top", ...scalar(volume.zTop));
}
