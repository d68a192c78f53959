import { formatBytes } from "./checks.js";

/** How much one dataset may take in memory once read, and why, for the message that refuses more. */
export interface MemoryLimit {
  perDataset: number;
  reason: string;
}

/**
 * h5wasm's heap and a browser ArrayBuffer both stop near 2 GiB; on a small machine a quarter of its
 * memory is the tighter bound, leaving room for the reconstruction's own arrays.
 */
const HEAP_LIMIT = 2 * 1024 ** 3;
const MEMORY_FRACTION = 4;

/** The limit for a machine with `totalMemory` bytes (unknown in a browser: then only the heap bound). */
export function memoryLimit(totalMemory?: number): MemoryLimit {
  if (totalMemory === undefined) {
    return { perDataset: HEAP_LIMIT, reason: `${formatBytes(HEAP_LIMIT)} per dataset, what h5wasm and a browser array can hold` };
  }
  const share = totalMemory / MEMORY_FRACTION;
  return {
    perDataset: Math.min(HEAP_LIMIT, share),
    reason:
      `the smaller of ${formatBytes(HEAP_LIMIT)} per dataset (what h5wasm can hold) ` +
      `and 1/${MEMORY_FRACTION} of this machine's ${formatBytes(totalMemory)} memory (${formatBytes(share)})`,
  };
}
