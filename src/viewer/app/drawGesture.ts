/**
 * Drawing and moving regions on the map as a pure state machine over pointer and key events:
 * drag for a circle (centre, then radius) or a rectangle (corner to corner); click the vertices
 * of a polygon and close it with a double click or Enter; with the select tool, press on a
 * region to select it and drag to move it. Escape cancels whatever is in progress.
 */
import type { FieldPoint } from "../lib/mapFrame.js";
import { dragShapeText, polygonText, translateRoiText } from "./roiShapes.js";

export type DrawTool = "select" | "circle" | "rect" | "polygon";

export type Gesture =
  | { kind: "idle" }
  | { kind: "dragging"; tool: "circle" | "rect"; start: FieldPoint; end: FieldPoint }
  | { kind: "polygon"; points: FieldPoint[]; cursor: FieldPoint | null }
  | { kind: "moving"; index: number; original: string; start: FieldPoint; end: FieldPoint };

export const IDLE: Gesture = { kind: "idle" };

export type GestureEvent =
  | { type: "down"; point: FieldPoint; hit: number | null }
  | { type: "move"; point: FieldPoint }
  | { type: "up"; point: FieldPoint }
  | { type: "close" }
  | { type: "cancel" };

/** What a step does to the region list, besides the new gesture state. */
export type RoiEdit =
  | { kind: "add"; shape: string }
  | { kind: "replace"; index: number; shape: string }
  | { kind: "select"; index: number | null };

export interface GestureStep {
  gesture: Gesture;
  edit?: RoiEdit;
}

/**
 * One event. `shapes` are the current region texts (for moving); `pixelSize` is `[dy, dx]` in
 * metres, for moving regions given in pixels.
 */
export function gestureStep(
  tool: DrawTool,
  gesture: Gesture,
  event: GestureEvent,
  shapes: readonly string[],
  pixelSize: readonly [number, number],
): GestureStep {
  if (event.type === "cancel") return { gesture: IDLE };
  switch (gesture.kind) {
    case "idle":
      if (event.type !== "down") return { gesture };
      if (tool === "polygon") return { gesture: { kind: "polygon", points: [event.point], cursor: event.point } };
      if (tool === "select") {
        if (event.hit === null) return { gesture, edit: { kind: "select", index: null } };
        const moving: Gesture = { kind: "moving", index: event.hit, original: shapes[event.hit], start: event.point, end: event.point };
        return { gesture: moving, edit: { kind: "select", index: event.hit } };
      }
      return { gesture: { kind: "dragging", tool, start: event.point, end: event.point } };
    case "dragging": {
      if (event.type === "move") return { gesture: { ...gesture, end: event.point } };
      if (event.type !== "up") return { gesture };
      const shape = dragShapeText(gesture.tool, gesture.start, event.point);
      return shape ? { gesture: IDLE, edit: { kind: "add", shape } } : { gesture: IDLE };
    }
    case "polygon": {
      if (event.type === "down") return { gesture: { ...gesture, points: [...gesture.points, event.point], cursor: event.point } };
      if (event.type === "move") return { gesture: { ...gesture, cursor: event.point } };
      if (event.type !== "close") return { gesture };
      const shape = polygonText(gesture.points);
      return shape ? { gesture: IDLE, edit: { kind: "add", shape } } : { gesture: IDLE };
    }
    case "moving": {
      if (event.type === "move") return { gesture: { ...gesture, end: event.point } };
      if (event.type !== "up") return { gesture };
      const shape = movedShape({ ...gesture, end: event.point }, pixelSize);
      return shape === gesture.original ? { gesture: IDLE } : { gesture: IDLE, edit: { kind: "replace", index: gesture.index, shape } };
    }
  }
}

/**
 * The region lists as they look during the gesture: a region being moved at its new place, a
 * shape being drawn appended (its index is `shapes.length`).
 */
export function shapesDuring(gesture: Gesture, shapes: readonly string[], pixelSize: readonly [number, number]): string[] {
  switch (gesture.kind) {
    case "idle":
      return [...shapes];
    case "dragging": {
      const shape = dragShapeText(gesture.tool, gesture.start, gesture.end);
      return shape ? [...shapes, shape] : [...shapes];
    }
    case "polygon": {
      const shape = polygonText(gesture.cursor ? [...gesture.points, gesture.cursor] : gesture.points);
      return shape ? [...shapes, shape] : [...shapes];
    }
    case "moving":
      return shapes.map((shape, index) => (index === gesture.index ? movedShape(gesture, pixelSize) : shape));
  }
}

function movedShape(gesture: Extract<Gesture, { kind: "moving" }>, pixelSize: readonly [number, number]): string {
  const delta = { x: gesture.end.x - gesture.start.x, y: gesture.end.y - gesture.start.y };
  return delta.x === 0 && delta.y === 0 ? gesture.original : translateRoiText(gesture.original, delta, pixelSize);
}

/** The index of the region the gesture is drawing or moving (see shapesDuring), or null. */
export function gestureTarget(gesture: Gesture, shapeCount: number): number | null {
  if (gesture.kind === "idle") return null;
  return gesture.kind === "moving" ? gesture.index : shapeCount;
}
