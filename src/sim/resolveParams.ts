import { UsageError } from "../errors.js";
import { DEFAULT_SPUTTER_RATES_NM, PAPER_CHANNELS, PAPER_OTHER_IONS_PER_PULSE, PAPER_YIELDS_PER_PULSE } from "./materials.js";
import { invert } from "./affine.js";
import { admissibleShiftBox, afmFrameToWorld, scanTransforms, simsFieldInside } from "./geometry.js";
import type { ScanGeometry, SimulationParams, SpotSpec } from "./params.js";
import { diglymeSpot, ecPcSpot, PRESETS } from "./presets.js";
import { Random } from "./random.js";

const UM = 1e-6;
const NM = 1e-9;
/** Keep the SIMS field this fraction of the AFM field away from its edges, so that it overlaps fully. */
const FIELD_MARGIN = 0.01;
const MAX_ROTATION_DEG = 10;
const MAX_SCALE_ERROR = 0.08;

/** What a caller may choose; everything left out comes from the preset or is drawn from the seed. */
export interface SimulateOptions {
  preset?: string;
  seed?: number;
  simsPixels?: number;
  simsFieldUm?: number;
  rotationDeg?: number;
  scale?: number;
  shiftUm?: [number, number];
  afterShiftUm?: [number, number];
  driftPx?: number;
  afmNoiseNm?: number;
  shotsPerPixel?: number;
  layers?: number;
  spots?: number;
  after?: boolean;
  flat?: boolean;
  dzNm?: number;
  truthVolume?: boolean;
}

/** Spots beyond the preset's first are drawn from the kinds the study made. */
function extraSpot(random: Random): SpotSpec {
  const kind = Math.floor(random.uniform() * 3);
  if (kind === 0) return ecPcSpot(random.between(1.0, 1.4) * UM, random.between(6, 8) * NM);
  if (kind === 1) return diglymeSpot(3.7 * UM, random.between(10, 14) * NM);
  return diglymeSpot(5.1 * UM, random.between(10, 14) * NM);
}

/**
 * Draws what the caller left open of the scan geometry, by rejection, until the SIMS field lies
 * inside the AFM field before (and, unless the caller fixed the after scan's offset, after) the
 * profile, with a small margin so that the fields overlap fully.
 */
function drawGeometry(options: SimulateOptions, params: Pick<SimulationParams, "sims" | "afm">, random: Random): ScanGeometry {
  const { sims, afm } = params;
  for (let attempt = 0; attempt < 500; attempt++) {
    const rotationDeg = options.rotationDeg ?? random.between(-MAX_ROTATION_DEG, MAX_ROTATION_DEG);
    const scale = options.scale ?? 1 + random.between(-MAX_SCALE_ERROR, MAX_SCALE_ERROR);
    let shift: [number, number];
    if (options.shiftUm) {
      shift = [options.shiftUm[0] * UM, options.shiftUm[1] * UM];
    } else {
      const box = admissibleShiftBox(sims, afm, scale, rotationDeg, FIELD_MARGIN);
      if (box.uMin > box.uMax || box.vMin > box.vMax) continue;
      shift = afmFrameToWorld(random.between(box.uMin, box.uMax), random.between(box.vMin, box.vMax), scale, rotationDeg);
    }
    const afterShift: [number, number] = options.afterShiftUm
      ? [options.afterShiftUm[0] * UM, options.afterShiftUm[1] * UM]
      : [random.between(-1.5, 1.5) * UM, random.between(-1.5, 1.5) * UM];
    const geometry = { rotationDeg, scale, shift, afterShift, afterRotationDeg: random.between(-0.3, 0.3) };
    const transforms = scanTransforms(params, geometry);
    if (!simsFieldInside(sims, afm, invert(transforms.afmToSims))) continue;
    if (!options.afterShiftUm && !simsFieldInside(sims, afm, invert(transforms.afmAfterToSims))) continue;
    return geometry;
  }
  if (options.shiftUm) throw new UsageError("--shift-um: the SIMS field would not lie inside the AFM field");
  throw new UsageError("--rotation-deg/--scale: the SIMS field cannot lie inside the AFM field");
}

/** Fills in a complete parameter set from a preset, the caller's choices and the seed. */
export function resolveParams(options: SimulateOptions = {}): SimulationParams {
  const presetName = options.preset ?? "small";
  const preset = PRESETS[presetName];
  if (!preset) throw new UsageError(`--preset: unknown preset "${presetName}" (known: ${Object.keys(PRESETS).join(", ")})`);
  const seed = options.seed ?? 1;
  // one stream per choice, so that fixing one (a rotation, say) leaves the others as they were
  const stream = (name: string) => new Random(seed, name);

  const simsPixels = options.simsPixels ?? preset.simsPixels;
  const simsField = options.simsFieldUm !== undefined ? options.simsFieldUm * UM : preset.simsField;
  // the SIMS field lies inside the AFM field: a larger SIMS field gets a larger AFM field
  const afmField = Math.max(preset.afmField, (simsField * preset.afmField) / preset.simsField);
  const sims = { rows: simsPixels, cols: simsPixels, pixelSize: [simsField / simsPixels, simsField / simsPixels] as [number, number] };
  const afm = {
    rows: preset.afmRows,
    cols: preset.afmCols,
    pixelSize: [afmField / preset.afmRows, afmField / preset.afmCols] as [number, number],
  };
  const geometry = drawGeometry(options, { sims, afm }, stream("geometry"));

  const spotCount = options.spots ?? 1;
  const spotRandom = stream("spots");
  const spots: SpotSpec[] = [];
  for (let i = 0; i < spotCount; i++) spots.push(i === 0 ? preset.firstSpot : extraSpot(spotRandom));

  const afmNoise = (options.afmNoiseNm ?? preset.afmNoise / NM) * NM;
  return {
    seed,
    preset: presetName,
    sims,
    afm,
    layers: options.layers ?? preset.layers,
    scansPerLayer: preset.scansPerLayer,
    shotsPerPixel: options.shotsPerPixel ?? preset.shotsPerPixel,
    dosePerLayer: (preset.dosePerLayer * preset.layers) / (options.layers ?? preset.layers),
    doseJitter: 0.05,
    sputterRates: DEFAULT_SPUTTER_RATES_NM.map((rate) => rate * NM),
    channels: PAPER_CHANNELS,
    yieldsPerPulse: PAPER_YIELDS_PER_PULSE,
    otherIonsPerPulse: PAPER_OTHER_IONS_PER_PULSE,
    informationDepth: 1.5 * NM,
    mixingSigma: 1 * NM,
    beamSigma: stream("beam").between(0.15, 0.25) * UM,
    driftPx: options.driftPx ?? stream("drift-size").between(1.5, 4),
    afmArtefacts: {
      noise: afmNoise,
      tiltSlope: 2e-3,
      offset: 300 * NM,
      lineOffsetSd: 1.5 * NM,
      lineWanderSd: 0.3 * NM,
      scarCount: 3,
      scarHeight: 15 * NM,
      tipRadius: 10 * NM,
    },
    geometry,
    stageError: 0.5 * UM,
    spots,
    flat: options.flat ?? false,
    after: options.after ?? true,
    dz: (options.dzNm ?? 1) * NM,
    truthVolume: options.truthVolume ?? true,
  };
}
