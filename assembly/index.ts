// Kernel entry: every export takes and returns scalars and byte offsets into linear memory.
export { arenaBase, ensureMemory } from "./arena";
export { deadTimeCorrect, deadTimeCorrectHarmonic, deadTimePooledLayer, deadTimePooledScratchBytes } from "./deadtime";
export { resampleAffine } from "./resample";
export { translatePlanes } from "./translate";
export { fft2d, fft2dScratchBytes } from "./fft";
export { voxelizeColumns, voxelizeScratchBytes } from "./voxelize";
export { accumulateNeighbourPure, featureScratchBytes, signalFeaturesLayer, unmixModelDoubles, unmixSamples } from "./unmix";
export { refineNormalEquations, refineScratchBytes } from "./refine";
export { edgeDirectedLinePair, edgeDirectedLinesScratchBytes } from "./edgeLines";
export { findScars, findScarsScratchBytes } from "./scars";
export { lineMedians, lineMediansScratchBytes, raisedPixels, raisedPixelsScratchBytes, substrateOutsideParticles } from "./particles";
