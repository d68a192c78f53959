// The whole reconstruction (SCIENCE.md steps 1-6), from a validated input model to an
// afmsims-volume: dead time, drift, levelling and registration, surfaces on the SIMS grid, the
// depth of every layer, voxels. Voxels are produced a band of rows at a time (every channel),
// so a caller that streams them to a file never holds the whole volume.
import { silentProgress, type Progress } from "../cli/progress.js";
import { AfmsimsError, fileError } from "../errors.js";
import type { KernelApi } from "../kernels/index.js";
import type { VolumeRowSink } from "../io/writeVolume.js";
import type { VolumeHeader } from "../io/readVolume.js";
import type { FloatArray, InputModel, VolumeModel } from "../model/types.js";
import { affine, chain } from "./affine.js";
import { binCounts, binHeights, binnedGrid } from "./binning.js";
import { emissionDepth, estimateInformationDepth, type InformationDepthEstimate } from "./depth/informationDepth.js";
import { computeLayerDepth, type DepthModel, type LayerDepthResult } from "./depth/layerDepth.js";
import type { LayerUnmixerFactory } from "./depth/layerUnmixer.js";
import { estimateDrift } from "./drift.js";
import type { DeadTimeMethod } from "./deadTime.js";
import type { PooledDeadTimeLayer } from "./deadTimeWasm.js";
import { driftOverTrackableLayers, meanOverLayers, totalIonStack } from "./reconstruct/layerStack.js";
import { PIXEL_ALIGNMENT } from "./parallel/stackTasks.js";
import { sequentialPool, type StagePool } from "./parallel/stagePool.js";
import { shared, sharedFloat32Array } from "../parallel/sharedArrays.js";
import { registerSurfaces, type Confidence, type SurfaceKernels } from "./reconstruct/surfaces.js";
import { TIC_UNITS, ticNormalisedBand, totalIonCounts } from "./tic.js";
import { chooseVoxelGrid, voxelBandRows, voxelizeBand, type PixelRange, type VoxelGrid, type VoxelizeInput } from "./voxelize.js";
import type { VoxelizeKernel } from "./voxelizeWasm.js";

export interface ReconstructOptions {
  /** Default "material". */
  model?: DepthModel;
  /** Voxel height, metres; default the median layer step of the data. */
  dz?: number;
  /** Without an after scan: the removed depth (metres) or the depth per layer (metres). */
  depthTotal?: number;
  ratePerLayer?: number;
  /** Divide every channel by the total-ion counts of its voxel. */
  normalize?: "tic";
  /** Lateral binning factor (counts summed, heights averaged); default 1. */
  bin?: number;
  /** Write the best guess of a registration that found no reliable match, with a warning. */
  allowLowConfidence?: boolean;
  /** Dead-time estimator; default "pooled" (src/pipeline/deadTime.ts says why). */
  deadTime?: DeadTimeMethod;
  /** Mean information depth, metres, where the user knows it (0: counts at the analysed surface); default estimated from the data. */
  informationDepth?: number;
}

export interface ReconstructionKernels {
  kernels: KernelApi;
  /** The voxelisation kernel; absent runs the plain-TypeScript reference. */
  voxelize?: VoxelizeKernel;
  /** The pooled dead-time correction of a layer in one pass; absent runs correctDeadTime. */
  pooledDeadTime?: PooledDeadTimeLayer;
  /** The material model's per-layer classification; absent runs the plain-TypeScript reference. */
  layerUnmixer?: LayerUnmixerFactory;
  /** The registration stage's kernels (levelling's, the lines put between the AFM lines); absent run the plain-TypeScript references. */
  surfaces?: SurfaceKernels;
  /** Runs the per-layer and per-pixel stages; absent runs them on the calling thread. */
  pool?: StagePool;
  /**
   * Frees what no stage holds any more (Node: a full garbage collection). Shared arrays go back
   * only when the collector runs, and the calling thread's heap is too small for it to run soon
   * on its own: the classification's fractions (0.8x the input) would stay into the voxels.
   * Called before and after the depth stage, the peak of the reconstruction.
   */
  collectGarbage?: () => void;
}

export interface DepthReport {
  model: DepthModel;
  /** "after-scan" (h_before - h_after), or a uniform depth from the command line. */
  source: "after-scan" | "depth-total" | "rate-per-layer";
  /** Whether `mean_depth` fixed the offset between the scans. */
  anchored: boolean;
  anchorOffset: number;
  /** Fraction of pixels whose removed depth came out negative and was clamped to 0. */
  negativeFraction: number;
  meanRemovedDepth: number;
  /** Material model only: fitted rate per class, metres per unit dose, with its signature. */
  classes?: { rate: number; relativeRate: number; share: number; signature: Record<string, number> }[];
  fit?: { rSquared: number; rmsResidual: number; pixels: number };
  /** The analysis' depth response (estimated from the data, or given); voxels hold each layer's counts its median deeper. */
  informationDepth: InformationDepthEstimate & { source: "estimated" | "given" };
}

export interface ReconstructionReport {
  /** Seconds per stage, in the order run, and `total`. */
  seconds: Record<string, number>;
  deadTime: { applied: boolean; pulses?: number; method?: DeadTimeMethod; reason?: string };
  /** Largest drift of any layer, SIMS pixels (of the volume grid). */
  maxDrift: number;
  confidence: { afmToSims: Confidence; afmAfterToBefore?: Confidence };
  depth: DepthReport;
  bin: number;
  normalize?: "tic";
  warnings: string[];
}

/** Everything of the volume but its voxels, the report, and the voxels on demand. */
export interface PreparedReconstruction {
  header: VolumeHeader;
  report: ReconstructionReport;
  /** Rows of the bands `writeVoxels` gives the sink (the last band may have fewer). */
  voxelBandRows: number;
  /** Voxelises band by band of rows into `sink`; adds its time to the report. */
  writeVoxels(sink: VolumeRowSink, progress?: Progress): void;
}

/** Share of the SIMS field the after scan may miss (registration edges, NaN lines) before a warning. */
const UNCOVERED_WARNING = 0.01;

/** Steps of a stage's progress: fine enough for a smooth bar. */
const STAGE_STEPS = 1000;

class StageClock {
  readonly seconds: Record<string, number> = {};
  private readonly started = performance.now();

  /** Runs one stage; `work` may report the fraction of it done. */
  run<T>(name: string, progress: Progress, work: (reportFraction: (fraction: number) => void) => T): T {
    progress.stage(name, STAGE_STEPS);
    const start = performance.now();
    const result = work((fraction) => progress.update(Math.round(fraction * STAGE_STEPS)));
    this.seconds[name] = (this.seconds[name] ?? 0) + (performance.now() - start) / 1000;
    progress.end();
    return result;
  }

  finish(): void {
    this.seconds.total = (performance.now() - this.started) / 1000;
  }
}

/**
 * Runs every stage but the voxelisation. The input's counts and total are corrected in place
 * (dead time, then moved to layer-0 geometry): the input model is consumed, so that a large
 * profile is never held twice.
 */
export function prepareReconstruction(
  input: InputModel, options: ReconstructOptions, kernelSet: ReconstructionKernels, progress: Progress = silentProgress,
): PreparedReconstruction {
  try {
    return prepare(input, options, kernelSet, progress);
  } catch (err) {
    // Stage errors (AfmsimsError from the stages, RangeError for inconsistent data) name no file.
    if (err instanceof AfmsimsError && !err.message.startsWith(input.source)) throw fileError(input.source, err.message);
    if (err instanceof RangeError && !/allocation|Array buffer|memory/i.test(err.message)) throw fileError(input.source, err.message);
    throw err;
  }
}

function prepare(
  input: InputModel, options: ReconstructOptions, kernelSet: ReconstructionKernels, progress: Progress,
): PreparedReconstruction {
  const { kernels } = kernelSet;
  const pool = kernelSet.pool ?? sequentialPool;
  const clock = new StageClock();
  const warnings: string[] = [];
  const sims = input.sims;
  const shape = { layers: sims.layers, channels: sims.channels, rows: sims.rows, cols: sims.cols };
  checkDepthSource(input, options);
  let counts: FloatArray = sims.counts;
  const fileTotal = sims.total;

  const deadTime = clock.run("dead time", progress, () => {
    const pulses = (sims.scansPerLayer ?? NaN) * (sims.shotsPerPixel ?? NaN);
    if (sims.deadTimeCorrected) return { applied: false, reason: "the file says the counts are already corrected" };
    if (!(pulses >= 1)) {
      return { applied: false, reason: "scans_per_layer x shots_per_pixel is unknown, so N is unknown: counts used as recorded" };
    }
    const method = options.deadTime ?? "pooled";
    pool.run(kernelSet, "deadTime", { counts, shape, pulses, total: fileTotal, method }, shape.layers);
    return { applied: true, pulses, method };
  });
  if (!deadTime.applied) warnings.push(`dead-time correction not applied: ${deadTime.reason}`);

  let total = clock.run("total ion", progress, () => totalIonStack(counts, shape, fileTotal));
  let untrusted = 0;
  const tracked = clock.run("drift", progress, () =>
    driftOverTrackableLayers(total, shape.layers, shape.rows, shape.cols, (stack, layers) =>
      estimateDrift(kernels, stack, layers, shape.rows, shape.cols, {
        registerAll: (job, count) => pool.run(kernelSet, "registerToTemplate", job, count),
        onUnreliable: (layers) => (untrusted = layers.length),
      }),
    ),
  );
  let drift = tracked.drift;
  if (tracked.untracked.length > 0) {
    warnings.push(`${tracked.untracked.length} layer(s) without total-ion contrast (e.g. all zero counts): drift interpolated from their neighbours (layers ${tracked.untracked.slice(0, 10).join(", ")}${tracked.untracked.length > 10 ? ", ..." : ""})`);
  }
  if (untrusted > 0) {
    warnings.push(`${untrusted} layer(s) whose drift could not be measured reliably (too few total-ion counts for the field's contrast, or a shift far from both neighbouring layers'): drift interpolated from trusted layers${untrusted === shape.layers ? " (none was trusted: no drift removed)" : ""}`);
  }
  clock.run("drift removal", progress, () => {
    pool.run(kernelSet, "shiftLayersBack", { stack: counts, planesPerLayer: shape.channels, ...shape, drift }, shape.layers);
    pool.run(kernelSet, "shiftLayersBack", { stack: total, planesPerLayer: 1, ...shape, drift }, shape.layers);
  });

  const surfaces = clock.run("registration", progress, () =>
    registerSurfaces(
      kernels,
      input.afmBefore,
      input.afmAfter,
      { values: meanOverLayers(total, shape.layers, shape.rows * shape.cols), rows: shape.rows, cols: shape.cols, pixelSize: sims.pixelSize },
      options.allowLowConfidence === true,
      kernelSet.surfaces,
    ),
  );
  for (const [what, c] of [["AFM-before to SIMS", surfaces.afmToSimsConfidence], ["AFM-after to AFM-before", surfaces.afterToBeforeConfidence]] as const) {
    if (c && !c.reliable) warnings.push(`LOW CONFIDENCE: registration ${what} is unreliable (score ${c.score.toFixed(2)}); written anyway (--allow-low-confidence)`);
  }

  let { rows, cols } = shape;
  let pixelSize: readonly [number, number] = sims.pixelSize;
  let surfaceBefore = surfaces.before;
  let surfaceAfter = surfaces.after;
  let afmToSims = surfaces.afmToSims;
  let afmAfterToSims = surfaces.afmAfterToSims;
  const bin = options.bin ?? 1;
  if (bin > 1) {
    clock.run("binning", progress, () => {
      const grid = binnedGrid(rows, cols, pixelSize, bin);
      const toBinned = affine(1 / bin, 0, -(bin - 1) / (2 * bin), 0, 1 / bin, -(bin - 1) / (2 * bin));
      counts = binCounts(counts, shape.layers * shape.channels, rows, cols, bin);
      total = binCounts(total, shape.layers, rows, cols, bin);
      surfaceBefore = binHeights(surfaceBefore, 1, rows, cols, bin);
      if (surfaceAfter) surfaceAfter = binHeights(surfaceAfter, 1, rows, cols, bin);
      afmToSims = chain(afmToSims, toBinned);
      if (afmAfterToSims) afmAfterToSims = chain(afmAfterToSims, toBinned);
      drift = drift.map((d) => d / bin);
      ({ rows, cols, pixelSize } = grid);
    });
  }
  const pixels = rows * cols;

  kernelSet.collectGarbage?.();
  const depth = clock.run("depth", progress, (reportFraction) =>
    computeLayerDepth({
      counts,
      layers: shape.layers,
      channels: shape.channels,
      rows,
      cols,
      labels: sims.labels,
      total: fileTotal ? total : undefined,
      cumulativeDose: sims.sputterDose,
      surfaceBefore,
      surfaceAfter,
      // With an after scan, --depth-nm stands in for (or overrides) its mean_depth anchor.
      meanDepth: surfaceAfter ? (options.depthTotal ?? input.afmAfter?.meanDepth) : undefined,
      fieldMeanDifference: surfaces.fieldMeanDifference,
      uniformDepth: uniformDepth(options),
      model: options.model,
      layerUnmixer: kernelSet.layerUnmixer,
      onProgress: reportFraction,
      // Alone, the calling thread keeps its unmixer, which still holds the first layers' features.
      layerPasses: pool.threads > 1
        ? {
          fractions: (job, layers) => pool.run(kernelSet, "layerFractions", job, layers),
          neighbourPure: (job, middleLayers) => pool.run(kernelSet, "neighbourPure", job, middleLayers),
        }
        : undefined,
    }),
  );
  kernelSet.collectGarbage?.();
  // Voxels hold each layer's counts where they were emitted, the emission response's median below
  // the surface the layer was analysed at; /layers/depth keeps the sputtered surfaces themselves.
  const response = options.informationDepth !== undefined
    ? { meanDepth: options.informationDepth, mixing: NaN, edges: 0, source: "given" as const }
    : clock.run("information depth", progress, () => ({
      ...estimateInformationDepth(counts, depth.layerDepth, { layers: shape.layers, channels: shape.channels, rows, cols }),
      source: "estimated" as const,
    }));
  const depthReport = describeDepth(depth, response, input, options);
  if (depth.negativeFraction > 0) {
    warnings.push(`${(100 * depth.negativeFraction).toFixed(2)}% of pixels had a negative removed depth (after above before), clamped to 0`);
  }
  const uncovered = surfaceAfter ? nonFiniteShare(depth.removed) : 0;
  if (uncovered > UNCOVERED_WARNING) {
    warnings.push(`the after scan misses ${(100 * uncovered).toFixed(1)}% of the SIMS field: those pixels have no removed depth, so their columns hold no data (NaN)`);
  }
  if (surfaceAfter && !depthReport.anchored) {
    warnings.push("the after scan has no mean_depth and no --depth-nm was given: both scans are levelled separately, so the removed depth has no absolute anchor");
  }

  const grid = clock.run("voxel grid", progress, () => chooseVoxelGrid(surfaceBefore, depth.layerDepth, shape.layers, { dz: options.dz }));
  const crater = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) crater[p] = surfaceBefore[p]! - depth.layerDepth[shape.layers * pixels + p]!;

  const report: ReconstructionReport = {
    seconds: clock.seconds,
    deadTime,
    maxDrift: maxShift(drift),
    confidence: { afmToSims: surfaces.afmToSimsConfidence, afmAfterToBefore: surfaces.afterToBeforeConfidence },
    depth: depthReport,
    bin,
    normalize: options.normalize,
    warnings,
  };
  const header: VolumeHeader = {
    channels: shape.channels,
    nz: grid.nz,
    rows,
    cols,
    voxelSize: [grid.dz, pixelSize[0], pixelSize[1]],
    zTop: grid.zTop,
    labels: [...sims.labels],
    surfaceBefore: Float32Array.from(surfaceBefore),
    surfaceAfter: crater,
    afmToSims,
    afmAfterToSims,
    drift,
    layers: shape.layers,
    layerDepth: depth.layerDepth,
    attributes: provenance(input, report),
  };
  // Shared, like the counts, so that worker threads voxelise from them in place.
  const placement = shared(emissionDepth(depth.layerDepth, shape.layers, pixels, response.meanDepth, response.mixing));
  const voxelInput = { surface: shared(surfaceBefore), layerDepth: placement, pixels, layers: shape.layers };
  const normalizeByTotal = options.normalize === "tic";
  // TIC voxelises the total with the channels.
  const bandRows = voxelBandRows(rows, cols, shape.channels + (normalizeByTotal ? 1 : 0), grid.nz);
  return {
    header,
    report,
    voxelBandRows: bandRows,
    writeVoxels(sink, voxelProgress = progress) {
      clock.run("voxels", voxelProgress, () => {
        const { channels } = shape;
        const input = { ...voxelInput, counts, channels };
        const totals = normalizeByTotal ? totalIonCounts(input, total) : undefined;
        const voxelsOf = totals
          ? (band: PixelRange) => ticNormalisedBand(input, grid, band, totals, kernelSet.voxelize)
          : bandVoxelizer(input, grid, kernelSet, pool, sharedFloat32Array(channels * grid.nz * bandRows * cols));
        for (let rowFrom = 0; rowFrom < rows; rowFrom += bandRows) {
          const rowTo = Math.min(rows, rowFrom + bandRows);
          const voxels = voxelsOf({ from: rowFrom * cols, to: rowTo * cols });
          const channelVoxels = grid.nz * (rowTo - rowFrom) * cols;
          for (let c = 0; c < channels; c++) sink.writeRows(c, rowFrom, rowTo, voxels.subarray(c * channelVoxels, (c + 1) * channelVoxels));
        }
      });
      clock.finish();
    },
  };
}

/** Reconstructs into memory: the volume and its report (for tests and small data; the CLI streams). */
export function reconstruct(
  input: InputModel, options: ReconstructOptions, kernelSet: ReconstructionKernels, progress: Progress = silentProgress,
): { volume: VolumeModel; report: ReconstructionReport } {
  const prepared = prepareReconstruction(input, options, kernelSet, progress);
  const { header } = prepared;
  const planeSize = header.rows * header.cols;
  const data = new Float32Array(header.channels * header.nz * planeSize);
  prepared.writeVoxels({
    writeRows(channel, rowFrom, rowTo, voxels) {
      const bandSize = (rowTo - rowFrom) * header.cols;
      for (let z = 0; z < header.nz; z++) {
        data.set(voxels.subarray(z * bandSize, (z + 1) * bandSize), (channel * header.nz + z) * planeSize + rowFrom * header.cols);
      }
    },
  });
  return { volume: { source: input.source, data, ...header }, report: prepared.report };
}

function checkDepthSource(input: InputModel, options: ReconstructOptions): void {
  if (options.depthTotal !== undefined && options.ratePerLayer !== undefined) {
    throw new AfmsimsError("give either --depth-nm or --rate-nm-per-layer, not both");
  }
  if (!input.afmAfter && options.depthTotal === undefined && options.ratePerLayer === undefined) {
    throw new AfmsimsError(
      "there is no /afm/after scan, so the sputtered depth is unknown: give --depth-nm D (total depth) or --rate-nm-per-layer R",
    );
  }
  if (input.afmAfter && options.ratePerLayer !== undefined) {
    throw new AfmsimsError("--rate-nm-per-layer is for files without an /afm/after scan; with one, the depth comes from the scans");
  }
}

function uniformDepth(options: ReconstructOptions): { totalDepth: number } | { ratePerLayer: number } | undefined {
  if (options.depthTotal !== undefined) return { totalDepth: options.depthTotal };
  if (options.ratePerLayer !== undefined) return { ratePerLayer: options.ratePerLayer };
  return undefined;
}

function describeDepth(
  depth: LayerDepthResult, informationDepth: DepthReport["informationDepth"], input: InputModel, options: ReconstructOptions,
): DepthReport {
  let sum = 0;
  let n = 0;
  for (const d of depth.removed) {
    if (Number.isFinite(d)) {
      sum += d;
      n++;
    }
  }
  const source = input.afmAfter ? "after-scan" : options.depthTotal !== undefined ? "depth-total" : "rate-per-layer";
  const report: DepthReport = {
    model: depth.model,
    source,
    anchored: !input.afmAfter || input.afmAfter.meanDepth !== undefined || options.depthTotal !== undefined,
    anchorOffset: depth.anchorOffset,
    negativeFraction: depth.negativeFraction,
    meanRemovedDepth: n > 0 ? sum / n : NaN,
    informationDepth,
  };
  if (depth.classes) {
    report.classes = depth.classes.map(({ rate, relativeRate, share, signature }) => ({ rate, relativeRate, share, signature }));
  }
  if (depth.fit) report.fit = { rSquared: depth.fit.rSquared, rmsResidual: depth.fit.rmsResidual, pixels: depth.fit.pixels };
  return report;
}

/** Root attributes of the volume: how it was made, and what the fits found. */
function provenance(input: InputModel, report: ReconstructionReport): Record<string, unknown> {
  const attributes: Record<string, unknown> = {
    generator: "afmsims reconstruct",
    source: input.source,
    depth_model: report.depth.model,
    depth_source: report.depth.source,
    anchor_offset: report.depth.anchorOffset,
    negative_depth_fraction: report.depth.negativeFraction,
    mean_removed_depth: report.depth.meanRemovedDepth,
    information_depth: report.depth.informationDepth.meanDepth,
    mixing_depth: report.depth.informationDepth.mixing,
    information_depth_edges: report.depth.informationDepth.edges,
    information_depth_source: report.depth.informationDepth.source,
    count_placement: "each layer's counts fill /layers/depth moved down by the median of the emission response (exponential of mean information_depth plus Gaussian mixing_depth; information_depth ln 2 without mixing), kept between 0 and the crater bottom",
    dead_time_applied: report.deadTime.applied ? 1 : 0,
    dead_time_pulses: report.deadTime.pulses,
    afm_to_sims_score: report.confidence.afmToSims.score,
    afm_after_to_before_score: report.confidence.afmAfterToBefore?.score,
    bin: report.bin,
    value_units: report.normalize === "tic" ? TIC_UNITS : undefined,
  };
  if (report.depth.classes) {
    attributes.sputter_rates = report.depth.classes.map((c) => c.rate);
    attributes.sputter_classes = report.depth.classes;
  }
  if (report.warnings.length > 0) attributes.warnings = report.warnings;
  return attributes;
}

/**
 * Voxelises a band of pixels at a time into `reused` (shared, so that worker threads write their
 * parts in place; the sink takes each band from it before the next), on the pool with the kernel.
 */
function bandVoxelizer(
  input: VoxelizeInput, grid: VoxelGrid, kernelSet: ReconstructionKernels, pool: StagePool, reused: Float32Array,
): (band: PixelRange) => Float32Array {
  return (band) => {
    const out = reused.subarray(0, input.channels * grid.nz * (band.to - band.from));
    if (kernelSet.voxelize) pool.run(kernelSet, "voxelizeBand", { input, grid, band, out }, band.to - band.from, PIXEL_ALIGNMENT);
    else voxelizeBand(input, grid, band, undefined, out);
    return out;
  };
}

function maxShift(drift: Float64Array): number {
  let largest = 0;
  for (let k = 0; k < drift.length / 2; k++) largest = Math.max(largest, Math.hypot(drift[2 * k]!, drift[2 * k + 1]!));
  return largest;
}

function nonFiniteShare(values: Float64Array): number {
  let missing = 0;
  for (const v of values) if (!Number.isFinite(v)) missing++;
  return values.length > 0 ? missing / values.length : 0;
}
