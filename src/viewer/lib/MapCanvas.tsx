/**
 * The top-down map on a 2D canvas: the image of per-pixel values through the colour map, axes in
 * µm, a colour bar, and region outlines. Pointer positions are reported in field micrometres;
 * what they do is the caller's business.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { canvasToField, fitMap, pixelToCanvas, type FieldGrid, type FieldPoint, type MapFrame } from "./mapFrame.js";
import { colourAt, mapRgba } from "./mapImage.js";
import { niceTicks } from "./ticks.js";

export interface MapOutline {
  label: string;
  /** Closed loop in SIMS pixel coordinates `[col, row]`. */
  points: readonly (readonly [number, number])[];
  dash: number[];
  selected: boolean;
}

export type MapPointerType = "down" | "move" | "up";

export interface MapCanvasProps {
  grid: FieldGrid;
  /** One value per SIMS pixel, row-major, in the units of `unitLabel`. */
  values: Float32Array;
  range: readonly [number, number];
  unitLabel: string;
  outlines: MapOutline[];
  cursor: string;
  onPointer(type: MapPointerType, point: FieldPoint): void;
  onDoubleClick(): void;
  onKey(key: string): void;
}

const MARGINS = { left: 46, top: 10, right: 64, bottom: 34 };
const AXIS_COLOUR = "#8b96a3";
const OUTLINE_COLOUR = "#f0e442";
const FONT = "11px system-ui, sans-serif";

export function MapCanvas({ grid, values, range, unitLabel, outlines, cursor, onPointer, onDoubleClick, onKey }: MapCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const frame = useMemo(() => fitMap(grid, size.width, size.height, MARGINS), [grid, size]);
  const image = useMemo(() => mapBitmap(values, grid, range), [values, grid, range]);

  useEffect(() => {
    const element = canvas.current!;
    const observer = new ResizeObserver(() => setSize({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = canvas.current!;
    if (size.width === 0 || size.height === 0) return;
    const ratio = window.devicePixelRatio || 1;
    element.width = Math.round(size.width * ratio);
    element.height = Math.round(size.height * ratio);
    const context = element.getContext("2d")!;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawMap(context, frame, grid, image, range, unitLabel, outlines);
  }, [size, frame, grid, image, range, unitLabel, outlines]);

  const fieldPoint = (event: PointerEvent<HTMLCanvasElement>): FieldPoint => {
    const bounds = event.currentTarget.getBoundingClientRect();
    return canvasToField(frame, event.clientX - bounds.left, event.clientY - bounds.top);
  };

  return (
    <canvas
      ref={canvas}
      className="map-canvas"
      data-testid="map-canvas"
      tabIndex={0}
      style={{ cursor }}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        event.currentTarget.focus();
        onPointer("down", fieldPoint(event));
      }}
      onPointerMove={(event) => onPointer("move", fieldPoint(event))}
      onPointerUp={(event) => {
        if (event.button !== 0) return;
        onPointer("up", fieldPoint(event));
      }}
      onDoubleClick={onDoubleClick}
      onKeyDown={(event: KeyboardEvent) => {
        if (["Enter", "Escape", "Delete", "Backspace"].includes(event.key)) {
          event.preventDefault();
          onKey(event.key);
        }
      }}
    />
  );
}

/** The map image at one canvas pixel per SIMS pixel, scaled up when drawn. */
function mapBitmap(values: Float32Array, grid: FieldGrid, range: readonly [number, number]): HTMLCanvasElement {
  const bitmap = document.createElement("canvas");
  bitmap.width = grid.cols;
  bitmap.height = grid.rows;
  bitmap.getContext("2d")!.putImageData(new ImageData(mapRgba(values, range) as Uint8ClampedArray<ArrayBuffer>, grid.cols, grid.rows), 0, 0);
  return bitmap;
}

function drawMap(
  context: CanvasRenderingContext2D,
  frame: MapFrame,
  grid: FieldGrid,
  image: HTMLCanvasElement,
  range: readonly [number, number],
  unitLabel: string,
  outlines: MapOutline[],
): void {
  context.clearRect(0, 0, context.canvas.width, context.canvas.height);
  context.imageSmoothingEnabled = false;
  context.drawImage(image, frame.left, frame.top, frame.width, frame.height);
  context.font = FONT;
  context.fillStyle = AXIS_COLOUR;
  context.strokeStyle = AXIS_COLOUR;
  context.lineWidth = 1;
  context.strokeRect(frame.left - 0.5, frame.top - 0.5, frame.width + 1, frame.height + 1);
  drawAxes(context, frame, grid);
  drawColourBar(context, frame, range, unitLabel);
  for (const outline of outlines) drawOutline(context, frame, outline);
}

function drawAxes(context: CanvasRenderingContext2D, frame: MapFrame, grid: FieldGrid): void {
  const [pitchY, pitchX] = frame.pitch;
  const x = niceTicks(-pitchX / 2, (grid.cols - 0.5) * pitchX, Math.max(2, Math.floor(frame.width / 60)));
  context.textAlign = "center";
  context.textBaseline = "top";
  for (const value of x.values) {
    const [cx] = pixelToCanvas(frame, value / pitchX, 0);
    context.fillRect(Math.round(cx), frame.top + frame.height, 1, 4);
    context.fillText(value.toFixed(x.decimals), cx, frame.top + frame.height + 5);
  }
  context.fillText("x (µm)", frame.left + frame.width / 2, frame.top + frame.height + 19);
  const y = niceTicks(-pitchY / 2, (grid.rows - 0.5) * pitchY, Math.max(2, Math.floor(frame.height / 40)));
  context.textAlign = "right";
  context.textBaseline = "middle";
  for (const value of y.values) {
    const [, cy] = pixelToCanvas(frame, 0, value / pitchY);
    context.fillRect(frame.left - 4, Math.round(cy), 4, 1);
    context.fillText(value.toFixed(y.decimals), frame.left - 6, cy);
  }
  context.save();
  context.translate(10, frame.top + frame.height / 2);
  context.rotate(-Math.PI / 2);
  context.textAlign = "center";
  context.fillText("y (µm)", 0, 0);
  context.restore();
}

function drawColourBar(context: CanvasRenderingContext2D, frame: MapFrame, range: readonly [number, number], unitLabel: string): void {
  const left = frame.left + frame.width + 10;
  const width = 10;
  const steps = Math.max(2, Math.round(frame.height));
  for (let k = 0; k < steps; k++) {
    const [r, g, b] = colourAt(1 - k / (steps - 1));
    context.fillStyle = `rgb(${r},${g},${b})`;
    context.fillRect(left, frame.top + (k * frame.height) / steps, width, frame.height / steps + 1);
  }
  context.fillStyle = AXIS_COLOUR;
  context.textAlign = "left";
  context.textBaseline = "top";
  context.fillText(formatBarValue(range[1]), left + width + 3, frame.top);
  context.textBaseline = "bottom";
  context.fillText(formatBarValue(range[0]), left + width + 3, frame.top + frame.height);
  context.textBaseline = "middle";
  context.fillText(unitLabel, left + width + 3, frame.top + frame.height / 2);
}

function formatBarValue(value: number): string {
  return Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-2) ? value.toExponential(1) : String(Number(value.toPrecision(3)));
}

function drawOutline(context: CanvasRenderingContext2D, frame: MapFrame, outline: MapOutline): void {
  if (outline.points.length === 0) return;
  context.save();
  context.beginPath();
  outline.points.forEach(([col, row], index) => {
    const [x, y] = pixelToCanvas(frame, col, row);
    if (index === 0) context.moveTo(x, y);
    else context.lineTo(x, y);
  });
  context.closePath();
  context.setLineDash(outline.dash);
  context.lineWidth = outline.selected ? 2.5 : 1.5;
  context.strokeStyle = outline.selected ? "#ffffff" : OUTLINE_COLOUR;
  context.stroke();
  const [labelX, labelY] = pixelToCanvas(frame, outline.points[0][0], outline.points[0][1]);
  context.setLineDash([]);
  context.fillStyle = context.strokeStyle;
  context.textAlign = "left";
  context.textBaseline = "bottom";
  context.fillText(outline.label, labelX + 3, labelY - 2);
  context.restore();
}
