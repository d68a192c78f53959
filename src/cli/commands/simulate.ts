import { randomInt } from "node:crypto";
import fs from "node:fs";
import { UsageError } from "../../errors.js";
import { assertWritable } from "../../io/h5/node.js";
import type { SimulationParams } from "../../sim/params.js";
import { resolveParams, type SimulateOptions } from "../../sim/resolveParams.js";
import { simulate } from "../../sim/simulate.js";
import { writeSimulation } from "../../sim/writeSimulation.js";
import { describeRange, numberFlag, parseCommandArgs, positionals, type NumberRange } from "../args.js";
import type { Command } from "../command.js";

const MICROMETRE = 1e-6;

/** What each numeric flag accepts, in the flag's unit; the help text states each range but the seed's. */
const RANGES = {
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
  "sims-pixels": { min: 16, max: 2048, integer: true },
  "sims-field-um": { min: 5, max: 500, unit: "um" },
  "rotation-deg": { min: -45, max: 45, unit: "deg" },
  scale: { min: 0.5, max: 2 },
  "drift-px": { min: 0, max: 50, unit: "px" },
  "afm-noise-nm": { min: 0, max: 100, unit: "nm" },
  "shots-per-pixel": { min: 1, max: 10000, integer: true },
  layers: { min: 1, max: 2000, integer: true },
  spots: { min: 0, max: 10, integer: true },
  "dz-nm": { min: 0.05, max: 100, unit: "nm" },
} satisfies Record<string, NumberRange>;

const USAGE = `afmsims simulate -o FILE.h5 [options]
  -o, --output FILE       output afmsims-input file with ground truth under /truth (required)
  --preset NAME           small (default; fast) or paper (the reference study)
  --seed N                makes the run reproducible (default: a random seed, printed)
  --sims-pixels N         SIMS image size N x N, N ${describeRange(RANGES["sims-pixels"])}
                          (paper: 256, or 512 with --sims-field-um 50)
  --sims-field-um W       SIMS field width, ${describeRange(RANGES["sims-field-um"])}
                          (the AFM field grows to keep the SIMS field inside)
  --rotation-deg A        AFM rotation against the SIMS axes, ${describeRange(RANGES["rotation-deg"])}
                          (default: random within +-10)
  --scale S               AFM scale calibration factor, true / nominal pitch, ${describeRange(RANGES.scale)}
                          (default: random 0.92..1.08)
  --shift-um X,Y          SIMS field centre minus AFM field centre, um (default: random, inside the AFM field)
  --after-shift-um X,Y    stage offset of the after scan, um, each within half the AFM field
                          (default: random within +-1.5)
  --drift-px D            largest lateral drift over the profile, SIMS pixels, ${describeRange(RANGES["drift-px"])}
                          (default: random 1.5..4)
  --afm-noise-nm S        AFM white noise, ${describeRange(RANGES["afm-noise-nm"])} (default 0.3)
  --shots-per-pixel N     primary pulses per pixel and scan, N ${describeRange(RANGES["shots-per-pixel"])}
                          (dead time: N x scans per layer)
  --layers L              number of layers, ${describeRange(RANGES.layers)} (the total dose stays the preset's)
  --spots K               number of SEI spots, ${describeRange(RANGES.spots)} (default 1)
  --dz-nm D               voxel height of the truth volume, ${describeRange(RANGES["dz-nm"])} (default 1)
  --no-after              no AFM scan after the profile
  --no-truth-volume       leave out /truth/volume (the largest part of the file)
  --no-truth              write the measurement only, as an instrument would (no /truth group)
  --flat                  flat sample with raised particles, no roughness or scratches
  --force                 replace an existing output file`;

function pairFlag(flag: string, value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(",");
  if (parts.length !== 2) throw new UsageError(`--${flag}: expected X,Y, got "${value}"`);
  return [numberFlag(flag, parts[0])!, numberFlag(flag, parts[1])!];
}

/**
 * An after scan offset by more than half the AFM field would hardly overlap the before scan: that
 * is a typo or a wrong unit, not a stage offset.
 */
function checkAfterShift(shiftUm: [number, number] | undefined, afm: SimulationParams["afm"]): void {
  if (!shiftUm) return;
  const [x, y] = shiftUm;
  // Rounded, so that the bound checked is the one the message shows (25, not 25.000000000000004).
  const halfUm = (pixels: number, pitch: number) => Number(((pixels * pitch) / 2 / MICROMETRE).toPrecision(9));
  const halfWidthUm = halfUm(afm.cols, afm.pixelSize[1]);
  const halfHeightUm = halfUm(afm.rows, afm.pixelSize[0]);
  if (Math.abs(x) > halfWidthUm || Math.abs(y) > halfHeightUm) {
    throw new UsageError(
      `--after-shift-um: must be within half the AFM field (x between -${halfWidthUm} and ${halfWidthUm} um, ` +
        `y between -${halfHeightUm} and ${halfHeightUm} um), got ${x},${y}`,
    );
  }
}

export const simulateCommand: Command = {
  summary: "write a synthetic input file with its ground truth",
  usage: USAGE,
  async run(argv, context) {
    const { values, positionals: rest } = parseCommandArgs("simulate", argv, {
      output: { type: "string", short: "o" },
      preset: { type: "string" },
      seed: { type: "string" },
      "sims-pixels": { type: "string" },
      "sims-field-um": { type: "string" },
      "rotation-deg": { type: "string" },
      scale: { type: "string" },
      "shift-um": { type: "string" },
      "after-shift-um": { type: "string" },
      "drift-px": { type: "string" },
      "afm-noise-nm": { type: "string" },
      "shots-per-pixel": { type: "string" },
      layers: { type: "string" },
      spots: { type: "string" },
      "dz-nm": { type: "string" },
      "no-after": { type: "boolean" },
      "no-truth-volume": { type: "boolean" },
      "no-truth": { type: "boolean" },
      flat: { type: "boolean" },
      force: { type: "boolean" },
    });
    positionals("simulate", rest, []);
    const text = (name: string) => {
      const value = values[name];
      return typeof value === "string" ? value : undefined;
    };
    const output = text("output");
    if (!output) throw new UsageError("simulate: -o FILE.h5 is required");
    const options: SimulateOptions = {
      preset: text("preset"),
      seed: numberFlag("seed", text("seed"), RANGES.seed) ?? randomInt(2 ** 31),
      simsPixels: numberFlag("sims-pixels", text("sims-pixels"), RANGES["sims-pixels"]),
      simsFieldUm: numberFlag("sims-field-um", text("sims-field-um"), RANGES["sims-field-um"]),
      rotationDeg: numberFlag("rotation-deg", text("rotation-deg"), RANGES["rotation-deg"]),
      scale: numberFlag("scale", text("scale"), RANGES.scale),
      shiftUm: pairFlag("shift-um", text("shift-um")),
      afterShiftUm: pairFlag("after-shift-um", text("after-shift-um")),
      driftPx: numberFlag("drift-px", text("drift-px"), RANGES["drift-px"]),
      afmNoiseNm: numberFlag("afm-noise-nm", text("afm-noise-nm"), RANGES["afm-noise-nm"]),
      shotsPerPixel: numberFlag("shots-per-pixel", text("shots-per-pixel"), RANGES["shots-per-pixel"]),
      layers: numberFlag("layers", text("layers"), RANGES.layers),
      spots: numberFlag("spots", text("spots"), RANGES.spots),
      dzNm: numberFlag("dz-nm", text("dz-nm"), RANGES["dz-nm"]),
      after: values["no-after"] !== true,
      flat: values.flat === true,
      truthVolume: values["no-truth-volume"] !== true && values["no-truth"] !== true,
    };
    const started = performance.now();
    const params = resolveParams(options);
    checkAfterShift(options.afterShiftUm, params.afm);
    // refuse an existing output before minutes of work, not after
    assertWritable(output, { force: values.force === true });
    const result = simulate(params, context.progress);
    await writeSimulation(output, result, {
      force: values.force === true,
      progress: context.progress,
      truth: values["no-truth"] !== true,
    });
    const megabytes = fs.statSync(output).size / 1e6;
    const seconds = (performance.now() - started) / 1000;
    const { sims, afm, geometry } = params;
    const um = (metres: number) => (metres * 1e6).toFixed(2);
    context.stdout(
      [
        `wrote ${output} (preset ${params.preset}, seed ${params.seed})`,
        `  SIMS  ${sims.rows} x ${sims.cols} px on ${um(sims.cols * sims.pixelSize[1])} um, ${params.layers} layers, N = ${params.scansPerLayer * params.shotsPerPixel} pulses/pixel/layer`,
        `  channels ${params.channels.map((c) => c.label).join(", ")}`,
        `  AFM   ${afm.rows} x ${afm.cols} px on ${um(afm.cols * afm.pixelSize[1])} um; rotation ${geometry.rotationDeg.toFixed(2)} deg, scale ${geometry.scale.toFixed(4)}, shift ${um(geometry.shift[0])}, ${um(geometry.shift[1])} um${params.after ? "" : ", no after scan"}`,
        `  ${params.spots.length} SEI spot(s); drift up to ${params.driftPx.toFixed(2)} px; mean sputtered depth ${(result.meanDepth * 1e9).toFixed(1)} nm`,
        `  ${seconds.toFixed(2)} s, ${megabytes.toFixed(1)} MB`,
        "",
      ].join("\n"),
    );
    return 0;
  },
};
