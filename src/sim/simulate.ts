import type { Progress } from "../cli/progress.js";
import { silentProgress } from "../cli/progress.js";
import type { InputModel } from "../model/types.js";
import { apply } from "./affine.js";
import { addAfmArtefacts, afmTopography, tipDilation } from "./afmScan.js";
import { detectorCounts } from "./detectorCounts.js";
import { cumulativeDoses } from "./doses.js";
import { simulateDrift } from "./drift.js";
import { expectedCounts } from "./expectedCounts.js";
import { scanTransforms, worldBounds, type ScanTransforms } from "./geometry.js";
import { layerTruth, type LayerTruth } from "./layerTruth.js";
import type { SimulationParams } from "./params.js";
import { Random } from "./random.js";
import { buildSample, type Sample } from "./sample/sample.js";
import { truthVolume, type TruthVolume } from "./truthVolume.js";

const UM = 1e-6;

/** Everything the simulator knows: the measurement as a file would hold it, and its ground truth. */
export interface SimulationResult {
  params: SimulationParams;
  input: Omit<InputModel, "source">;
  sample: Sample;
  transforms: ScanTransforms;
  cumulativeDose: Float64Array;
  drift: Float64Array;
  /** `[layers, channels, rows, cols]` mean counts before dead time and noise, drifted like the counts. */
  expectedCounts: Float32Array;
  layers: LayerTruth;
  /** Absent when `params.truthVolume` is false. */
  volume?: TruthVolume;
  afmBeforeTrue: Float64Array;
  afmAfterTrue: Float64Array;
  /** Mean depth sputtered over the after scan's field, metres. */
  meanDepth: number;
}

/** Runs the forward model. A pure function of `params` (every random draw comes from `params.seed`). */
export function simulate(params: SimulationParams, progress: Progress = silentProgress): SimulationResult {
  const stream = (name: string) => new Random(params.seed, name);
  const transforms = scanTransforms(params, params.geometry);
  const simsGrid = { rows: params.sims.rows, cols: params.sims.cols, pixelSize: params.sims.pixelSize };
  const afmGrid = { rows: params.afm.rows, cols: params.afm.cols, pixelSize: params.afm.pixelSize };
  const imaged = worldBounds([
    { grid: simsGrid, toWorld: transforms.simsToWorld },
    { grid: afmGrid, toWorld: transforms.afmBeforeToWorld },
    { grid: afmGrid, toWorld: transforms.afmAfterToWorld },
  ]);
  // A square around the SIMS field that holds the AFM fields for any admissible rotation, scale and
  // shift, so that the sample depends on the seed alone, not on the scan geometry or the drift.
  const afmWidth = Math.max(params.afm.cols * params.afm.pixelSize[1], params.afm.rows * params.afm.pixelSize[0]);
  const half = 1.1 * afmWidth + 10 * UM;
  const centreX = ((params.sims.cols - 1) / 2) * params.sims.pixelSize[1];
  const centreY = ((params.sims.rows - 1) / 2) * params.sims.pixelSize[0];
  const bounds = {
    xMin: Math.min(centreX - half, imaged.xMin - UM),
    xMax: Math.max(centreX + half, imaged.xMax + UM),
    yMin: Math.min(centreY - half, imaged.yMin - UM),
    yMax: Math.max(centreY + half, imaged.yMax + UM),
  };
  const simsBounds = worldBounds([{ grid: simsGrid, toWorld: transforms.simsToWorld }]);
  const sample = buildSample(params, bounds, simsBounds, stream("sample"));

  const cumulativeDose = cumulativeDoses(params.layers, params.dosePerLayer, params.doseJitter, stream("dose"));
  const drift = simulateDrift(params.layers, params.driftPx, stream("drift"));

  progress.stage("sims layers", params.layers);
  const expected = expectedCounts(params, sample, cumulativeDose, drift, (k) => progress.update(k + 1));
  progress.end();
  const pulses = params.scansPerLayer * params.shotsPerPixel;
  const { rows, cols } = params.sims;
  const { counts, total } = detectorCounts(expected, params.layers, params.channels.length, rows * cols, pulses, stream("counts"));

  progress.stage("truth", 3);
  const layers = layerTruth(params, sample, cumulativeDose);
  progress.update(1);
  const volume = params.truthVolume ? truthVolume(params, layers) : undefined;
  progress.update(2);
  const finalDose = cumulativeDose[params.layers - 1];
  const before = afmTopography(params, sample, transforms.afmBeforeToWorld, finalDose);
  const after = afmTopography(params, sample, transforms.afmAfterToWorld, finalDose);
  progress.end();

  let removedSum = 0;
  for (let i = 0; i < after.removed.length; i++) removedSum += after.removed[i];
  const meanDepth = removedSum / after.removed.length;

  const stage = stream("stage");
  const origin = (toWorld: Float64Array): [number, number] => {
    const [x, y] = apply(toWorld, 0, 0);
    return [y + params.stageError * stage.normal(), x + params.stageError * stage.normal()];
  };
  const beforeOrigin = origin(transforms.afmBeforeToWorld);
  const afterOrigin = origin(transforms.afmAfterToWorld);
  const simsOrigin = origin(transforms.simsToWorld);
  const afm = params.afm;
  const truePitch = [afm.pixelSize[0] * params.geometry.scale, afm.pixelSize[1] * params.geometry.scale] as const;
  const traced = (heights: Float64Array) => tipDilation(heights, afm.rows, afm.cols, truePitch, params.afmArtefacts.tipRadius);
  const input: Omit<InputModel, "source"> = {
    afmBefore: {
      heights: addAfmArtefacts(traced(before.before), afm.rows, afm.cols, afm.pixelSize, params.afmArtefacts, stream("afm-before")),
      rows: afm.rows,
      cols: afm.cols,
      pixelSize: afm.pixelSize,
      origin: beforeOrigin,
    },
    afmAfter: params.after
      ? {
          heights: addAfmArtefacts(traced(after.after), afm.rows, afm.cols, afm.pixelSize, params.afmArtefacts, stream("afm-after")),
          rows: afm.rows,
          cols: afm.cols,
          pixelSize: afm.pixelSize,
          origin: afterOrigin,
          meanDepth,
        }
      : undefined,
    sims: {
      counts,
      layers: params.layers,
      channels: params.channels.length,
      rows,
      cols,
      pixelSize: params.sims.pixelSize,
      origin: simsOrigin,
      labels: params.channels.map((channel) => channel.label),
      masses: Float64Array.from(params.channels, (channel) => channel.mass),
      total,
      sputterDose: cumulativeDose,
      scansPerLayer: params.scansPerLayer,
      shotsPerPixel: params.shotsPerPixel,
      deadTimeCorrected: false,
    },
  };
  return {
    params,
    input,
    sample,
    transforms,
    cumulativeDose,
    drift,
    expectedCounts: expected.channels,
    layers,
    volume,
    afmBeforeTrue: before.before,
    afmAfterTrue: after.after,
    meanDepth,
  };
}
