import { describe, expect, it } from "vitest";
import { gestureStep, IDLE, shapesDuring, type DrawTool, type Gesture, type GestureEvent, type RoiEdit } from "../../src/viewer/app/drawGesture.js";

const PIXEL_SIZE = [0.5e-6, 0.25e-6] as const;

/** Plays `events` from idle; returns the edits made and the last gesture state. */
function play(tool: DrawTool, events: GestureEvent[], shapes: string[] = []): { edits: RoiEdit[]; gesture: Gesture } {
  let gesture: Gesture = IDLE;
  const edits: RoiEdit[] = [];
  for (const event of events) {
    const step = gestureStep(tool, gesture, event, shapes, PIXEL_SIZE);
    gesture = step.gesture;
    if (step.edit) edits.push(step.edit);
  }
  return { edits, gesture };
}

const down = (x: number, y: number, hit: number | null = null): GestureEvent => ({ type: "down", point: { x, y }, hit });
const move = (x: number, y: number): GestureEvent => ({ type: "move", point: { x, y } });
const up = (x: number, y: number): GestureEvent => ({ type: "up", point: { x, y } });

describe("drawing regions from pointer events", () => {
  it("adds the rectangle of a drag, shown while it is dragged", () => {
    const dragging = play("rect", [down(1, 2), move(3, 3)]);
    expect(shapesDuring(dragging.gesture, ["circle:9,9,1"], PIXEL_SIZE)).toEqual(["circle:9,9,1", "rect:1,2,3,3"]);
    expect(play("rect", [down(1, 2), move(3, 3), move(4, 6), up(4.5, 6.5)])).toEqual({
      edits: [{ kind: "add", shape: "rect:1,2,4.5,6.5" }],
      gesture: IDLE,
    });
  });

  it("adds the circle of a drag from its centre", () => {
    expect(play("circle", [down(5, 5), move(7, 5), up(8, 9)]).edits).toEqual([{ kind: "add", shape: "circle:5,5,5" }]);
  });

  it("adds nothing for a click, and nothing when Escape cancels a drag", () => {
    expect(play("circle", [down(5, 5), up(5, 5)]).edits).toEqual([]);
    expect(play("rect", [down(1, 1), move(4, 4), { type: "cancel" }, up(4, 4)])).toEqual({ edits: [], gesture: IDLE });
  });

  it("builds a polygon from clicks and closes it on a double click", () => {
    // A double click on the last vertex arrives as down, up, down, up, then the close.
    const clicks = [down(0, 0), up(0, 0), down(4, 0), up(4, 0), down(4, 3), up(4, 3), down(4, 3), up(4, 3)];
    const open = play("polygon", [...clicks.slice(0, 4), move(2, 5)]);
    expect(shapesDuring(open.gesture, [], PIXEL_SIZE)).toEqual(["polygon:0,0,4,0,2,5"]);
    expect(play("polygon", [...clicks, { type: "close" }])).toEqual({ edits: [{ kind: "add", shape: "polygon:0,0,4,0,4,3" }], gesture: IDLE });
  });

  it("drops a polygon closed with fewer than three vertices, or cancelled", () => {
    expect(play("polygon", [down(0, 0), down(4, 0), { type: "close" }]).edits).toEqual([]);
    expect(play("polygon", [down(0, 0), down(4, 0), down(4, 4), { type: "cancel" }, { type: "close" }]).edits).toEqual([]);
  });
});

describe("selecting and moving regions", () => {
  const shapes = ["rect:0,0,2,2", "px:circle:10,10,3"];

  it("selects the region pressed on and moves it by the drag, live and on release", () => {
    const moving = play("select", [down(1, 1, 0), move(2, 1.5)], shapes);
    expect(moving.edits).toEqual([{ kind: "select", index: 0 }]);
    expect(shapesDuring(moving.gesture, shapes, PIXEL_SIZE)).toEqual(["rect:1,0.5,3,2.5", shapes[1]]);
    expect(play("select", [down(1, 1, 0), move(2, 1.5), up(3, 3)], shapes).edits).toEqual([
      { kind: "select", index: 0 },
      { kind: "replace", index: 0, shape: "rect:2,2,4,4" },
    ]);
  });

  it("moves a region given in pixels in pixels", () => {
    expect(play("select", [down(2.5, 5, 1), up(3.5, 6)], shapes).edits[1]).toEqual({ kind: "replace", index: 1, shape: "px:circle:14,12,3" });
  });

  it("only selects on a click without a drag, and clears the selection on empty ground", () => {
    expect(play("select", [down(1, 1, 0), up(1, 1)], shapes).edits).toEqual([{ kind: "select", index: 0 }]);
    expect(play("select", [down(9, 9, null), up(9, 9)], shapes).edits).toEqual([{ kind: "select", index: null }]);
  });
});
