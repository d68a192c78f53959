import { parseRoi } from "../../profile/roi.js";

/** Vertices of a circle's outline. */
const CIRCLE_SEGMENTS = 64;

/**
 * The outline of a region (`afmsims profile --roi` syntax) as a closed loop of `[col, row]`
 * points in SIMS pixel coordinates (pixel (0,0) centred at the origin, as the CLI counts).
 * `pixelSize` is `[dy, dx]` in metres. Throws the parser's UsageError for a malformed shape.
 */
export function regionOutline(shape: string, pixelSize: readonly [number, number]): [number, number][] {
  const roi = parseRoi(shape);
  const [dy, dx] = pixelSize;
  const sx = roi.unit === "px" ? 1 : 1e-6 / dx;
  const sy = roi.unit === "px" ? 1 : 1e-6 / dy;
  const s = roi.shape;
  switch (s.kind) {
    case "circle":
      return Array.from({ length: CIRCLE_SEGMENTS }, (_, k) => {
        const angle = (2 * Math.PI * k) / CIRCLE_SEGMENTS;
        return [(s.cx + s.r * Math.cos(angle)) * sx, (s.cy + s.r * Math.sin(angle)) * sy];
      });
    case "rect":
      return [
        [s.x0 * sx, s.y0 * sy],
        [s.x1 * sx, s.y0 * sy],
        [s.x1 * sx, s.y1 * sy],
        [s.x0 * sx, s.y1 * sy],
      ];
    case "polygon":
      return Array.from({ length: s.points.length / 2 }, (_, k) => [s.points[2 * k] * sx, s.points[2 * k + 1] * sy]);
  }
}
