/** Importers for instrument files: what `afmsims info` describes and `afmsims import` assembles. */
export { describeInstrumentFile } from "./describe.js";
export { detectFormat, type InstrumentFormat } from "./detect.js";
export { readImages, selectChannel } from "./images.js";
export { readInstrumentBytes } from "./readFile.js";
export { readSimsStack, type ImportedSims } from "./simsStack.js";
export { readSurfaceLabProfile, profileJson, type DepthProfile, type ProfileIon } from "./surfacelab.js";
export type { HeaderFields, ImportedImage, ImportedImages } from "./types.js";
