/**
 * A uniform grid of cells listing the round features (particles, deposits) that reach into
 * each cell, so evaluating a point visits only the few features near it.
 */
export interface SpatialIndex {
  x0: number;
  y0: number;
  cell: number;
  nx: number;
  ny: number;
  /** Items of cell `i` are `items[start[i] .. start[i + 1]]`. */
  start: Int32Array;
  items: Int32Array;
}

export function buildSpatialIndex(
  centreX: ArrayLike<number>,
  centreY: ArrayLike<number>,
  reach: ArrayLike<number>,
  bounds: { xMin: number; xMax: number; yMin: number; yMax: number },
  cell: number,
): SpatialIndex {
  const nx = Math.max(1, Math.ceil((bounds.xMax - bounds.xMin) / cell));
  const ny = Math.max(1, Math.ceil((bounds.yMax - bounds.yMin) / cell));
  const lists: number[][] = Array.from({ length: nx * ny }, () => []);
  for (let item = 0; item < centreX.length; item++) {
    const i0 = Math.max(0, Math.floor((centreX[item] - reach[item] - bounds.xMin) / cell));
    const i1 = Math.min(nx - 1, Math.floor((centreX[item] + reach[item] - bounds.xMin) / cell));
    const j0 = Math.max(0, Math.floor((centreY[item] - reach[item] - bounds.yMin) / cell));
    const j1 = Math.min(ny - 1, Math.floor((centreY[item] + reach[item] - bounds.yMin) / cell));
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) lists[j * nx + i].push(item);
  }
  const start = new Int32Array(nx * ny + 1);
  for (let c = 0; c < lists.length; c++) start[c + 1] = start[c] + lists[c].length;
  const items = new Int32Array(start[nx * ny]);
  lists.forEach((list, c) => items.set(list, start[c]));
  return { x0: bounds.xMin, y0: bounds.yMin, cell, nx, ny, start, items };
}

/** The cell holding (x, y), or -1 outside the indexed area (no feature reaches there). */
export function cellOf(index: SpatialIndex, x: number, y: number): number {
  const i = Math.floor((x - index.x0) / index.cell);
  const j = Math.floor((y - index.y0) / index.cell);
  if (i < 0 || j < 0 || i >= index.nx || j >= index.ny) return -1;
  return j * index.nx + i;
}
