/**
 * Where the SIMS field sits on the map canvas. Field coordinates are micrometres with the origin
 * at the centre of pixel (0,0), x along columns and y along rows (row 0 at the top), as
 * `afmsims profile --roi` counts them.
 */

export interface FieldPoint {
  x: number;
  y: number;
}

export interface FieldGrid {
  rows: number;
  cols: number;
  /** `[dy, dx]`, metres. */
  pixelSize: readonly [number, number];
}

export interface Margins {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface MapFrame {
  /** Canvas units per micrometre, the same along x and y so the map keeps its aspect. */
  scale: number;
  /** Canvas position of the field's outer corner (the outer edge of pixel (0,0)). */
  left: number;
  top: number;
  /** Size of the field on the canvas. */
  width: number;
  height: number;
  /** Pixel pitch, micrometres: `[dy, dx]`. */
  pitch: readonly [number, number];
}

/** The largest frame of the whole field, centred in the canvas inside `margins`. */
export function fitMap(grid: FieldGrid, canvasWidth: number, canvasHeight: number, margins: Margins): MapFrame {
  const pitch = [grid.pixelSize[0] * 1e6, grid.pixelSize[1] * 1e6] as const;
  const fieldWidth = grid.cols * pitch[1];
  const fieldHeight = grid.rows * pitch[0];
  const availableWidth = Math.max(1, canvasWidth - margins.left - margins.right);
  const availableHeight = Math.max(1, canvasHeight - margins.top - margins.bottom);
  const scale = Math.min(availableWidth / fieldWidth, availableHeight / fieldHeight);
  const width = fieldWidth * scale;
  const height = fieldHeight * scale;
  return {
    scale,
    left: margins.left + (availableWidth - width) / 2,
    top: margins.top + (availableHeight - height) / 2,
    width,
    height,
    pitch,
  };
}

export function canvasToField(frame: MapFrame, x: number, y: number): FieldPoint {
  return {
    x: (x - frame.left) / frame.scale - frame.pitch[1] / 2,
    y: (y - frame.top) / frame.scale - frame.pitch[0] / 2,
  };
}

export function fieldToCanvas(frame: MapFrame, point: FieldPoint): [number, number] {
  return [frame.left + (point.x + frame.pitch[1] / 2) * frame.scale, frame.top + (point.y + frame.pitch[0] / 2) * frame.scale];
}

/** Canvas position of a point in SIMS pixel coordinates (column, row). */
export function pixelToCanvas(frame: MapFrame, col: number, row: number): [number, number] {
  return fieldToCanvas(frame, { x: col * frame.pitch[1], y: row * frame.pitch[0] });
}
