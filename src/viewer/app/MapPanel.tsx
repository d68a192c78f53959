/**
 * The 2D map panel: a channel at one voxel layer or summed over depth, or the AFM height, with
 * the regions drawn on it. Drawing, moving and deleting regions edits the region store; the
 * gesture in progress is the caller's state so the chart can follow it live.
 */
import { useMemo, useRef, useState } from "react";
import { useStore } from "zustand";
import { MapCanvas, type MapOutline, type MapPointerType } from "../lib/MapCanvas.js";
import { channelMap, type MapLayer } from "../lib/mapImage.js";
import type { FieldGrid, FieldPoint } from "../lib/mapFrame.js";
import { bulkWindow, finiteRange } from "../lib/windowing.js";
import { Segmented, Slider } from "./controls.js";
import { gestureStep, type DrawTool, type Gesture, type GestureEvent, type RoiEdit } from "./drawGesture.js";
import type { LoadedVolume } from "./loadedVolume.js";
import { regionOutline } from "./regionOutline.js";
import { nextRegionName, regionDash } from "./regionStyles.js";
import { roiAt } from "./roiShapes.js";
import { useViewerStores } from "./stores.js";
import type { RegionOfInterest } from "./viewState.js";

const TOOLS: { value: DrawTool; label: string }[] = [
  { value: "select", label: "Select" },
  { value: "circle", label: "Circle" },
  { value: "rect", label: "Rect" },
  { value: "polygon", label: "Polygon" },
];

const CURSORS: Record<DrawTool, string> = { select: "default", circle: "crosshair", rect: "crosshair", polygon: "crosshair" };

type MapSource = number | "height";

export interface MapPanelProps {
  loaded: LoadedVolume;
  /** The regions as they look now, a gesture in progress included. */
  liveRois: RegionOfInterest[];
  gesture: Gesture;
  onGesture(gesture: Gesture): void;
  selected: number | null;
  onSelect(index: number | null): void;
}

export function MapPanel({ loaded, liveRois, gesture, onGesture, selected, onSelect }: MapPanelProps) {
  const { volume } = loaded;
  const stores = useViewerStores();
  const rois = useStore(stores.rois, (s) => s.rois);
  const [tool, setTool] = useState<DrawTool>("rect");
  const [source, setSource] = useState<MapSource>(() => Math.max(0, stores.channels.getState().channels.findIndex((c) => c.visible)));
  const [layer, setLayer] = useState<MapLayer>("sum");
  const grid: FieldGrid = useMemo(
    () => ({ rows: volume.rows, cols: volume.cols, pixelSize: [volume.voxelSize[1], volume.voxelSize[2]] }),
    [volume],
  );
  const map = useMemo(() => mapOf(loaded, source, layer), [loaded, source, layer]);
  const outlines = useMemo(() => mapOutlines(liveRois, grid, selected), [liveRois, grid, selected]);

  // Pointer events can come faster than React renders: the gesture lives in a ref between them.
  const current = useRef(gesture);
  current.current = gesture;
  const dispatch = (event: GestureEvent) => {
    const shapes = rois.map((roi) => roi.shape);
    const step = gestureStep(tool, current.current, event, shapes, grid.pixelSize);
    current.current = step.gesture;
    onGesture(step.gesture);
    if (step.edit) applyEdit(step.edit);
  };
  const applyEdit = (edit: RoiEdit) => {
    const setRois = stores.rois.getState().setRois;
    if (edit.kind === "add") {
      setRois([...rois, { name: nextRegionName(rois.map((roi) => roi.name)), shape: edit.shape }]);
      onSelect(rois.length);
    } else if (edit.kind === "replace") {
      setRois(rois.map((roi, index) => (index === edit.index ? { ...roi, shape: edit.shape } : roi)));
    } else {
      onSelect(edit.index);
    }
  };
  const onPointer = (type: MapPointerType, point: FieldPoint) => {
    const hit = type === "down" && tool === "select" ? roiAt(rois.map((roi) => roi.shape), point, grid.pixelSize) : null;
    dispatch(type === "down" ? { type, point, hit } : { type, point });
  };
  const onKey = (key: string) => {
    if (key === "Enter") dispatch({ type: "close" });
    else if (key === "Escape") dispatch({ type: "cancel" });
    else if (current.current.kind === "idle" && selected !== null && selected < rois.length) {
      stores.rois.getState().setRois(rois.filter((_, index) => index !== selected));
      onSelect(null);
    }
  };

  return (
    <section className="map-panel" aria-label="Map">
      <div className="map-controls">
        <select
          aria-label="Map of"
          data-testid="map-source"
          value={String(source)}
          onChange={(event) => setSource(event.currentTarget.value === "height" ? "height" : Number(event.currentTarget.value))}
        >
          {loaded.labels.map((label, index) => (
            <option key={index} value={index}>
              {label}
            </option>
          ))}
          <option value="height">AFM height (before)</option>
        </select>
        {source !== "height" && (
          <label className="checkbox-label">
            <input type="checkbox" checked={layer === "sum"} data-testid="map-sum"
              onChange={(event) => setLayer(event.currentTarget.checked ? "sum" : 0)} />
            sum over depth
          </label>
        )}
        <Segmented
          options={TOOLS}
          value={tool}
          onChange={(next) => {
            dispatch({ type: "cancel" });
            setTool(next);
          }}
          testId="draw-tool"
        />
      </div>
      {source !== "height" && layer !== "sum" && (
        <Slider label="Layer" value={layer} min={0} max={volume.nz - 1} step={1}
          format={(i) => `${Math.round((i + 0.5) * volume.voxelSize[0] * 1e9)} nm below the top`} onChange={setLayer} />
      )}
      <MapCanvas
        grid={grid}
        values={map.values}
        range={map.range}
        unitLabel={map.unit}
        outlines={outlines}
        cursor={CURSORS[tool]}
        onPointer={onPointer}
        onDoubleClick={() => dispatch({ type: "close" })}
        onKey={onKey}
      />
      <p className="map-hint">{hint(tool, gesture)}</p>
    </section>
  );
}

function mapOf(loaded: LoadedVolume, source: MapSource, layer: MapLayer): { values: Float32Array; range: readonly [number, number]; unit: string } {
  const { volume } = loaded;
  if (source === "height") {
    const values = Float32Array.from(volume.surfaceBefore, (height) => height * 1e9);
    return { values, range: finiteRange(values), unit: "nm" };
  }
  const values = channelMap(loaded.channelValues(source), volume.nz, volume.rows * volume.cols, layer);
  const window = bulkWindow(values);
  return { values, range: [window.min, window.max], unit: layer === "sum" ? "counts" : "counts/voxel" };
}

function mapOutlines(rois: RegionOfInterest[], grid: FieldGrid, selected: number | null): MapOutline[] {
  return rois.flatMap((roi, index) => {
    try {
      return [{ label: roi.name, points: regionOutline(roi.shape, grid.pixelSize), dash: regionDash(index), selected: index === selected }];
    } catch {
      return [];
    }
  });
}

function hint(tool: DrawTool, gesture: Gesture): string {
  if (gesture.kind === "polygon") return "Click the next vertex; double-click or Enter closes, Escape cancels.";
  switch (tool) {
    case "select":
      return "Click a region to select it, drag to move it, Delete removes it.";
    case "circle":
      return "Drag from the centre outwards.";
    case "rect":
      return "Drag from corner to corner.";
    case "polygon":
      return "Click the vertices; double-click or Enter closes.";
  }
}
