// Kernel entry: every export takes and returns scalars and byte offsets into linear memory.
export { arenaBase, ensureMemory } from "./arena";
export { deadTimeCorrect } from "./deadtime";
export { voxelizeColumns, voxelizeScratchBytes } from "./voxelize";
