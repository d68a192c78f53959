import type { Random } from "../random.js";

const UM = 1e-6;
const NM = 1e-9;

/** Polishing scratches: long straight grooves of parabolic section. Lengths in metres. */
export interface Scratches {
  count: number;
  pointX: Float64Array;
  pointY: Float64Array;
  directionX: Float64Array;
  directionY: Float64Array;
  halfLength: Float64Array;
  halfWidth: Float64Array;
  depth: Float64Array;
}

export function drawScratches(bounds: { xMin: number; xMax: number; yMin: number; yMax: number }, count: number, random: Random): Scratches {
  const scratches: Scratches = {
    count,
    pointX: new Float64Array(count),
    pointY: new Float64Array(count),
    directionX: new Float64Array(count),
    directionY: new Float64Array(count),
    halfLength: new Float64Array(count),
    halfWidth: new Float64Array(count),
    depth: new Float64Array(count),
  };
  // scratches of one polishing step run roughly parallel
  const mainAngle = random.between(0, Math.PI);
  for (let s = 0; s < count; s++) {
    const angle = mainAngle + random.between(-0.35, 0.35);
    scratches.pointX[s] = random.between(bounds.xMin, bounds.xMax);
    scratches.pointY[s] = random.between(bounds.yMin, bounds.yMax);
    scratches.directionX[s] = Math.cos(angle);
    scratches.directionY[s] = Math.sin(angle);
    scratches.halfLength[s] = random.between(15, 60) * UM;
    scratches.halfWidth[s] = random.between(100, 250) * NM;
    scratches.depth[s] = random.between(2, 8) * NM;
  }
  return scratches;
}

/** Height change (negative: a groove) of all scratches at (x, y). */
export function scratchHeight(scratches: Scratches, x: number, y: number): number {
  let height = 0;
  for (let s = 0; s < scratches.count; s++) {
    const dx = x - scratches.pointX[s];
    const dy = y - scratches.pointY[s];
    const across = Math.abs(-scratches.directionY[s] * dx + scratches.directionX[s] * dy);
    const halfWidth = scratches.halfWidth[s];
    if (across >= halfWidth) continue;
    const along = Math.abs(scratches.directionX[s] * dx + scratches.directionY[s] * dy);
    const halfLength = scratches.halfLength[s];
    if (along >= halfLength) continue;
    const profile = 1 - (across / halfWidth) ** 2;
    // the tool lifts off over the last micrometre
    const taper = Math.min(1, (halfLength - along) / UM);
    height -= scratches.depth[s] * profile * taper;
  }
  return height;
}
