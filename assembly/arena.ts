// One arena per job: the host lays its buffers out from arenaBase() upward and calls
// ensureMemory before using them, then rebuilds its typed-array views (growth detaches them).

export function arenaBase(): usize {
  // __heap_base is where static data ends; align to 16 bytes for v128 loads.
  return (__heap_base + 15) & ~(<usize>15);
}

/** Grows linear memory to hold `bytes` from offset 0; returns false when the engine refuses. */
export function ensureMemory(bytes: usize): bool {
  const have = <usize>memory.size() << 16;
  if (bytes <= have) return true;
  const pages = <i32>((bytes - have + 0xffff) >> 16);
  return memory.grow(pages) >= 0;
}
