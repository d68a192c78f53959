import { fileError } from "../errors.js";
import type { RoiShape, RoiSpec } from "./roi.js";

/**
 * The pixels of a region: a pixel belongs to it when its centre lies inside (the boundary
 * counts as inside). Coordinates are converted to pixel units through the pixel size
 * `[dy, dx]` in metres, so anisotropic pixels are handled.
 */
export interface RoiMask {
  /** 1 for pixels of the region, `[rows, cols]`. */
  mask: Uint8Array;
  pixels: number;
}

export interface FieldGeometry {
  rows: number;
  cols: number;
  /** `[dy, dx]`, metres. */
  pixelSize: readonly [number, number];
  /** The file the field belongs to, for messages. */
  source: string;
}

export function roiMask(roi: RoiSpec, field: FieldGeometry): RoiMask {
  const { rows, cols } = field;
  const shape = toPixels(roi, field.pixelSize);
  const [colMin, rowMin, colMax, rowMax] = bounds(shape);
  if (colMax < -0.5 || rowMax < -0.5 || colMin > cols - 0.5 || rowMin > rows - 0.5) {
    const [dy, dx] = field.pixelSize;
    const extent = `x ${(-0.5 * dx * 1e6).toFixed(3)}..${((cols - 0.5) * dx * 1e6).toFixed(3)} um, y ${(-0.5 * dy * 1e6).toFixed(3)}..${((rows - 0.5) * dy * 1e6).toFixed(3)} um`;
    throw fileError(field.source, `ROI "${roi.text}" lies outside the SIMS field (${extent}; ${cols} x ${rows} pixels)`);
  }
  const inside = containsTest(shape);
  const mask = new Uint8Array(rows * cols);
  let pixels = 0;
  for (let r = Math.max(0, Math.ceil(rowMin - EPSILON)); r <= Math.min(rows - 1, Math.floor(rowMax + EPSILON)); r++) {
    for (let c = Math.max(0, Math.ceil(colMin - EPSILON)); c <= Math.min(cols - 1, Math.floor(colMax + EPSILON)); c++) {
      if (inside(c, r)) {
        mask[r * cols + c] = 1;
        pixels++;
      }
    }
  }
  if (pixels === 0) throw fileError(field.source, `ROI "${roi.text}" contains no pixel centre of the SIMS field`);
  return { mask, pixels };
}

/**
 * Whether a point `(col, row)`, in SIMS pixel coordinates, lies in the region by the same rule as
 * its mask (the boundary counts as inside): for hit-testing a drawn region.
 */
export function roiContains(roi: RoiSpec, pixelSize: readonly [number, number]): (col: number, row: number) => boolean {
  return containsTest(toPixels(roi, pixelSize));
}

/** A region in pixel coordinates (x = column, y = row); a circle in micrometres becomes an ellipse where pixels are anisotropic. */
type PixelShape =
  | { kind: "ellipse"; cx: number; cy: number; rx: number; ry: number }
  | { kind: "rect"; x0: number; y0: number; x1: number; y1: number }
  | { kind: "polygon"; points: number[] };

/** Slack, in pixels, so a centre exactly on the boundary stays inside despite unit conversion. */
const EPSILON = 1e-9;

function toPixels(roi: RoiSpec, pixelSize: readonly [number, number]): PixelShape {
  const [dy, dx] = pixelSize;
  const sx = roi.unit === "px" ? 1 : 1e-6 / dx;
  const sy = roi.unit === "px" ? 1 : 1e-6 / dy;
  const s: RoiShape = roi.shape;
  switch (s.kind) {
    case "circle":
      return { kind: "ellipse", cx: s.cx * sx, cy: s.cy * sy, rx: s.r * sx, ry: s.r * sy };
    case "rect":
      return { kind: "rect", x0: s.x0 * sx, y0: s.y0 * sy, x1: s.x1 * sx, y1: s.y1 * sy };
    case "polygon":
      return { kind: "polygon", points: s.points.map((v, i) => v * (i % 2 === 0 ? sx : sy)) };
  }
}

function bounds(shape: PixelShape): [number, number, number, number] {
  switch (shape.kind) {
    case "ellipse":
      return [shape.cx - shape.rx, shape.cy - shape.ry, shape.cx + shape.rx, shape.cy + shape.ry];
    case "rect":
      return [shape.x0, shape.y0, shape.x1, shape.y1];
    case "polygon": {
      const xs = shape.points.filter((_, i) => i % 2 === 0);
      const ys = shape.points.filter((_, i) => i % 2 === 1);
      return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    }
  }
}

function containsTest(shape: PixelShape): (x: number, y: number) => boolean {
  switch (shape.kind) {
    case "ellipse": {
      const { cx, cy, rx, ry } = shape;
      return (x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1 + EPSILON;
    }
    case "rect": {
      const { x0, y0, x1, y1 } = shape;
      return (x, y) => x >= x0 - EPSILON && x <= x1 + EPSILON && y >= y0 - EPSILON && y <= y1 + EPSILON;
    }
    case "polygon":
      return (x, y) => insidePolygon(shape.points, x, y);
  }
}

/** Even-odd rule by a horizontal ray; a point on an edge counts as inside. */
function insidePolygon(points: number[], x: number, y: number): boolean {
  const n = points.length / 2;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = points[2 * i];
    const yi = points[2 * i + 1];
    const xj = points[2 * j];
    const yj = points[2 * j + 1];
    if (onSegment(xi, yi, xj, yj, x, y)) return true;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function onSegment(x1: number, y1: number, x2: number, y2: number, x: number, y: number): boolean {
  const cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1);
  const length = Math.hypot(x2 - x1, y2 - y1);
  if (Math.abs(cross) > EPSILON * Math.max(length, 1)) return false;
  return (
    x >= Math.min(x1, x2) - EPSILON && x <= Math.max(x1, x2) + EPSILON && y >= Math.min(y1, y2) - EPSILON && y <= Math.max(y1, y2) + EPSILON
  );
}
