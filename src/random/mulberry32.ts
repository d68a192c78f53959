/**
 * mulberry32: a small, fast, seedable generator of uniforms in [0, 1). Its quality is ample for
 * seeding searches and making test or display data; the simulator's physics uses the stronger
 * streams of `src/sim/random.ts`.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
