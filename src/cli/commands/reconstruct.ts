import os from "node:os";
import { UsageError } from "../../errors.js";
import { assertWritable } from "../../io/h5/node.js";
import { refuseInputAsOutput } from "../../io/inputAsOutput.js";
import { readInputFile } from "../../io/nodeFiles.js";
import { DEFAULT_VOLUME_COMPRESSION, writeVolumeStreaming } from "../../io/writeVolume.js";
import type { VolumeHeader } from "../../io/readVolume.js";
import type { Affine } from "../../model/types.js";
import { DEAD_TIME_METHODS, type DeadTimeMethod } from "../../pipeline/deadTime.js";
import { responseMedian } from "../../pipeline/depth/informationDepth.js";
import { prepareReconstruction, type ReconstructOptions, type ReconstructionReport } from "../../pipeline/reconstruct.js";
import { DEFAULT_THREADS_CAP, defaultThreadCount, loadThreadedReconstructionKernels } from "../../pipeline/parallel/threadedKernels.js";
import { describeRange, numberFlag, parseCommandArgs, positionals, type NumberRange } from "../args.js";
import type { Command } from "../command.js";

/**
 * What each numeric flag accepts, in the flag's unit: physical bounds, so that a typo or a value
 * in the wrong unit is refused instead of silently reshaping the volume.
 */
const RANGES = {
  dz: { min: 0.05, max: 1000, unit: "nm" },
  "depth-nm": { min: 0.1, max: 100_000, unit: "nm" },
  "rate-nm-per-layer": { min: 0.001, max: 1000, unit: "nm" },
  // SIMS information depths are 0.5 to 10 nm; 0 places the counts at the analysed surface.
  "information-depth-nm": { min: 0, max: 50, unit: "nm" },
  bin: { min: 1, max: 16, integer: true },
  compression: { min: 0, max: 9, integer: true },
  threads: { min: 1, max: 256, integer: true },
} satisfies Record<string, NumberRange>;

const USAGE = `afmsims reconstruct IN.h5 -o OUT.h5 [options]
  -o, --output FILE          output afmsims-volume file (required)
  --json                     print one JSON object (registration, drift, shape, voxel size, seconds, fits) on stdout
  --dz NM                    voxel height, ${describeRange(RANGES.dz)}
                             (default: the median layer step of the data)
  --model material|linear    depth model (default material: per-material sputter rates fitted to the data)
  --depth-nm D               total sputtered depth, ${describeRange(RANGES["depth-nm"])}: required
                             without an /afm/after scan; with one, it anchors (or overrides) the after
                             scan's mean_depth
  --rate-nm-per-layer R      depth per layer, ${describeRange(RANGES["rate-nm-per-layer"])}: the alternative to
                             --depth-nm without an after scan
  --normalize tic            divide every channel by the total-ion counts of its voxel
  --dead-time METHOD         pooled (default: 5 x 5 neighbourhood factor, unbiased at low counts),
                             formula (-N ln(1 - n/N) per pixel) or harmonic (digamma, per pixel)
  --bin N                    sum N x N SIMS pixels before the depth model (low counts),
                             N ${describeRange(RANGES.bin)}
  --information-depth-nm L   mean depth below the analysed surface that the ions come from,
                             ${describeRange(RANGES["information-depth-nm"])}; each layer's counts are placed L ln 2
                             deeper, the exponential's median, where a sharp layer end is half seen
                             (default: estimated with the ion-beam mixing from the sharp ends of
                             buried layers; 0 places them at the surface)
  --allow-low-confidence     write a volume even when a registration finds no reliable match (a loud
                             warning; by default such a registration is an error)
  --compression N            gzip level of the voxels and layer depths, N ${describeRange(RANGES.compression)}
                             (default ${DEFAULT_VOLUME_COMPRESSION}: none, the fastest; 1 makes the file about 2.6x smaller
                             for about 8 s more on the 512 x 512 paper preset; docs/reconstruct-speed.md)
  --threads N                threads for dead time, drift, drift removal, classification and voxels, N ${describeRange(RANGES.threads)}
                             (default: the machine's cores, at most ${DEFAULT_THREADS_CAP}: ${defaultThreadCount()} here; 1 runs everything on
                             the calling thread, bit for bit the same volume; docs/reconstruct-speed.md)
  --force                    replace an existing output file`;

const NM = 1e-9;

export const reconstructCommand: Command = {
  summary: "reconstruct an input file into a topography-corrected 3D volume",
  usage: USAGE,
  async run(argv, context) {
    const { values, positionals: rest } = parseCommandArgs("reconstruct", argv, {
      output: { type: "string", short: "o" },
      json: { type: "boolean" },
      dz: { type: "string" },
      model: { type: "string" },
      "depth-nm": { type: "string" },
      "rate-nm-per-layer": { type: "string" },
      normalize: { type: "string" },
      "dead-time": { type: "string" },
      bin: { type: "string" },
      "information-depth-nm": { type: "string" },
      "allow-low-confidence": { type: "boolean" },
      compression: { type: "string" },
      threads: { type: "string" },
      force: { type: "boolean" },
    });
    const [input] = positionals("reconstruct", rest, ["IN.h5"]);
    const text = (name: string) => {
      const value = values[name];
      return typeof value === "string" ? value : undefined;
    };
    const output = text("output");
    if (!output) throw new UsageError("reconstruct: -o OUT.h5 is required");
    const model = text("model");
    if (model !== undefined && model !== "material" && model !== "linear") {
      throw new UsageError(`--model: expected material or linear, got "${model}"`);
    }
    const normalize = text("normalize");
    if (normalize !== undefined && normalize !== "tic") throw new UsageError(`--normalize: only "tic" is known, got "${normalize}"`);
    const deadTime = text("dead-time");
    if (deadTime !== undefined && !DEAD_TIME_METHODS.includes(deadTime as DeadTimeMethod)) {
      throw new UsageError(`--dead-time: expected ${DEAD_TIME_METHODS.join(", ")}, got "${deadTime}"`);
    }
    const nm = (flag: "dz" | "depth-nm" | "rate-nm-per-layer" | "information-depth-nm") => {
      const value = numberFlag(flag, text(flag), RANGES[flag]);
      return value === undefined ? undefined : value * NM;
    };
    const options: ReconstructOptions = {
      model,
      dz: nm("dz"),
      depthTotal: nm("depth-nm"),
      ratePerLayer: nm("rate-nm-per-layer"),
      normalize,
      deadTime: deadTime as DeadTimeMethod | undefined,
      bin: numberFlag("bin", text("bin"), RANGES.bin),
      informationDepth: nm("information-depth-nm"),
      allowLowConfidence: values["allow-low-confidence"] === true,
    };
    const compression = numberFlag("compression", text("compression"), RANGES.compression);
    const threads = numberFlag("threads", text("threads"), RANGES.threads);
    const cores = os.availableParallelism();
    if (threads !== undefined && threads > cores) {
      context.stderr(`afmsims: warning: --threads ${threads} is more than this machine's ${cores} core(s): the extra threads add memory and time, not speed\n`);
    }
    if (options.depthTotal !== undefined && options.ratePerLayer !== undefined) {
      throw new UsageError("give either --depth-nm or --rate-nm-per-layer, not both");
    }
    const force = values.force === true;
    // Refuse an existing output before the work, not after.
    assertWritable(output, { force });
    refuseInputAsOutput(output, [input!]);

    const started = performance.now();
    // Worker threads start while this one reads the input.
    const kernelsLoaded = loadThreadedReconstructionKernels(threads ?? defaultThreadCount());
    const reconstructed = (async () => {
      const measurement = await readInputFile(input!);
      const readSeconds = (performance.now() - started) / 1000;
      const prepared = prepareReconstruction(measurement, options, await kernelsLoaded, context.progress);
      const writeOptions = { force, compression, rowsPerChunk: prepared.voxelBandRows };
      await writeVolumeStreaming(output, prepared.header, writeOptions, (sink) => prepared.writeVoxels(sink, context.progress));
      return { prepared, readSeconds };
    })();
    const [outcome, kernels] = await Promise.allSettled([reconstructed, kernelsLoaded]);
    if (kernels.status === "fulfilled") await kernels.value.pool.close();
    if (outcome.status === "rejected") throw outcome.reason;
    if (kernels.status === "rejected") throw kernels.reason;
    const { prepared, readSeconds } = outcome.value;
    const report = prepared.report;
    // The pipeline's stages plus reading the input and writing (compressing) the volume.
    report.seconds.read = readSeconds;
    report.seconds.total = (performance.now() - started) / 1000;
    for (const warning of report.warnings) context.stderr(`afmsims: warning: ${warning}\n`);
    context.stdout(values.json ? `${JSON.stringify(summaryJson(output, prepared.header, report, kernels.value.kernels.build))}\n` : summaryText(output, prepared.header, report));
    return 0;
  },
};

function matrix(m: Affine | undefined): number[][] | null {
  return m ? [0, 1, 2].map((r) => Array.from(m.subarray(3 * r, 3 * r + 3))) : null;
}

function summaryJson(output: string, header: VolumeHeader, report: ReconstructionReport, build: string): Record<string, unknown> {
  const drift: number[][] = [];
  for (let k = 0; k < header.layers; k++) drift.push([header.drift[2 * k]!, header.drift[2 * k + 1]!]);
  return {
    output,
    afm_to_sims: matrix(header.afmToSims),
    afm_after_to_sims: matrix(header.afmAfterToSims),
    drift,
    shape: [header.channels, header.nz, header.rows, header.cols],
    voxel_size: [...header.voxelSize],
    z_top: header.zTop,
    labels: header.labels,
    seconds: report.seconds,
    confidence: {
      afm_to_sims: report.confidence.afmToSims,
      afm_after_to_afm_before: report.confidence.afmAfterToBefore ?? null,
    },
    dead_time: report.deadTime,
    depth: {
      model: report.depth.model,
      source: report.depth.source,
      anchored: report.depth.anchored,
      anchor_offset: report.depth.anchorOffset,
      mean_removed_depth: report.depth.meanRemovedDepth,
      negative_fraction: report.depth.negativeFraction,
      fit: report.depth.fit ?? null,
      information_depth: report.depth.informationDepth.meanDepth,
      mixing_depth: report.depth.informationDepth.mixing,
      information_depth_edges: report.depth.informationDepth.edges,
      information_depth_source: report.depth.informationDepth.source,
    },
    sputter_rates: report.depth.classes ?? null,
    bin: report.bin,
    normalize: report.normalize ?? null,
    kernels: build,
    warnings: report.warnings,
  };
}

function summaryText(output: string, header: VolumeHeader, report: ReconstructionReport): string {
  const nm = (m: number) => (m * 1e9).toFixed(2);
  const { afmToSims, afmAfterToBefore } = report.confidence;
  const lines = [
    `wrote ${output}`,
    `  volume   ${header.channels} channels x ${header.nz} x ${header.rows} x ${header.cols} voxels of ${nm(header.voxelSize[0])} nm x ${(header.voxelSize[1] * 1e6).toFixed(4)} x ${(header.voxelSize[2] * 1e6).toFixed(4)} um`,
    `  register AFM->SIMS score ${afmToSims.score.toFixed(3)}${afmAfterToBefore ? `, after->before score ${afmAfterToBefore.score.toFixed(3)}` : ""}`,
    `  drift    up to ${report.maxDrift.toFixed(2)} px over ${header.layers} layers`,
    `  dead time ${report.deadTime.applied ? `corrected (N = ${report.deadTime.pulses}, ${report.deadTime.method})` : `not applied: ${report.deadTime.reason}`}`,
    `  depth    ${report.depth.model} model, mean removed ${nm(report.depth.meanRemovedDepth)} nm (${report.depth.source}${report.depth.anchored ? ", anchored" : ", NOT anchored"}), ${(100 * report.depth.negativeFraction).toFixed(2)}% negative clamped`,
  ];
  const response = report.depth.informationDepth;
  const placedBelow = nm(responseMedian(response.meanDepth, response.mixing));
  if (response.source === "given") lines.push(`           counts placed ${placedBelow} nm below the analysed surface (median of an information depth of ${nm(response.meanDepth)} nm, --information-depth-nm)`);
  else if (response.edges > 0) lines.push(`           counts placed ${placedBelow} nm below the analysed surface (response median; information depth ${nm(response.meanDepth)} nm from ${response.edges} layer ends, mixing ${nm(response.mixing)} nm)`);
  else lines.push("           no sharp layer end in the data: counts placed at the analysed surface");
  for (const c of report.depth.classes ?? []) {
    const top = Object.entries(c.signature).sort((a, b) => b[1] - a[1])[0];
    lines.push(`           class ${(100 * c.share).toFixed(1)}% of layer-pixels, rate ${c.relativeRate.toFixed(2)} x mean (strongest ${top?.[0]})`);
  }
  const stages = Object.entries(report.seconds).map(([name, s]) => `${name} ${s.toFixed(2)}`);
  lines.push(`  seconds  ${stages.join(", ")}`, "");
  return lines.join("\n");
}
