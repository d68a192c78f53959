import type { Channel } from "./materials.js";

/** One SEI microspot as the droplet cell made it (SCIENCE.md). Lengths in metres. */
export interface SpotSpec {
  diameter: number;
  /** Thickness of the uniform inorganic inner layer. */
  innerThickness: number;
  /** Mean and standard deviation of the particulate organic outer layer's thickness. */
  outerMean: number;
  outerSd: number;
  /** Mean fractions of NaF, NaCl, Na2O in the inner layer (they vary smoothly around these). */
  inorganicMix: [number, number, number];
}

/** Magnitudes of the AFM scan artefacts, metres (slopes: metres per metre). */
export interface AfmArtefacts {
  noise: number;
  /** Largest tilt-plane slope along either axis. */
  tiltSlope: number;
  /** Largest constant height offset. */
  offset: number;
  /** Standard deviation of the independent line-to-line offsets. */
  lineOffsetSd: number;
  /** Step of the slow random walk of line offsets. */
  lineWanderSd: number;
  scarCount: number;
  scarHeight: number;
  /** Apex radius of the (paraboloid) tip; 0 for an ideal tip. */
  tipRadius: number;
}

/** The geometry of the AFM scans against the SIMS field. */
export interface ScanGeometry {
  /** Rotation of the AFM scan axes against the SIMS axes, degrees, positive from +x towards +y. */
  rotationDeg: number;
  /** True AFM pixel pitch / nominal (written) pitch: the AFM's scale calibration error. */
  scale: number;
  /** World offset (x, y) of the SIMS field's centre from the AFM-before field's centre, metres. */
  shift: [number, number];
  /** Stage offset (x, y) of the after scan's field against the before scan's, metres. */
  afterShift: [number, number];
  afterRotationDeg: number;
}

/** Everything a simulation depends on, fully resolved: `simulate` draws nothing but from `seed`. */
export interface SimulationParams {
  seed: number;
  preset: string;
  sims: { rows: number; cols: number; pixelSize: [number, number] };
  /** Nominal AFM grid (what the file says); the true pitch is `geometry.scale` times this. */
  afm: { rows: number; cols: number; pixelSize: [number, number] };
  layers: number;
  scansPerLayer: number;
  shotsPerPixel: number;
  /** Mean sputter dose per layer (arbitrary unit) and the relative spread of individual frames. */
  dosePerLayer: number;
  doseJitter: number;
  /** Per material (materials.ts order): metres removed per unit dose. */
  sputterRates: number[];
  channels: Channel[];
  /** `[component][channel]` mean ions per primary pulse at full coverage. */
  yieldsPerPulse: number[][];
  otherIonsPerPulse: number[];
  /** 1/e depth of the exponential information-depth weighting, metres. */
  informationDepth: number;
  /** Standard deviation of the ion-beam-mixing depth blur, metres. */
  mixingSigma: number;
  /** Standard deviation of the Gaussian primary-beam profile, metres. */
  beamSigma: number;
  /** Largest lateral drift over the profile, SIMS pixels. */
  driftPx: number;
  afmArtefacts: AfmArtefacts;
  geometry: ScanGeometry;
  /** Standard deviation of the error of the stage positions written as `origin` hints, metres. */
  stageError: number;
  spots: SpotSpec[];
  /** A flat epoxy plane with raised flat particles, no roughness and no scratches (for levelling tests). */
  flat: boolean;
  after: boolean;
  /** Voxel height of the truth volume, metres. */
  dz: number;
  /** Whether to compute the truth volume (large: channels x nz x rows x cols floats). */
  truthVolume: boolean;
}
