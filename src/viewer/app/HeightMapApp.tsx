/**
 * The page for an AFM file opened on its own: the height map as a shaded 3D surface with axes in
 * µm and nm, its size, pixel and height range, and the channel choice for multi-channel files.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { ImportedImage, ImportedImages } from "../../importers/types.js";
import { surfaceRampGradient } from "../lib/SurfaceMesh.js";
import { finiteRange } from "../lib/windowing.js";
import { NANOMETRES, type HeightUnit } from "./axisLayout.js";
import { Section, Slider } from "./controls.js";
import { FileDropZone, OpenFileButton } from "./FileDrop.js";
import { defaultHeightExaggeration, reliefScale, type HeightMapExtent } from "./heightMapGeometry.js";
import type { HeightMapProvider } from "./heightMapProvider.js";
import { HeightMapScene } from "./HeightMapScene.js";
import { PendingReferenceNote } from "./ReferenceProfileList.js";

type LoadState = { status: "loading" } | { status: "ready"; read: ImportedImages } | { status: "failed"; message: string };

/** Pixel size assumed for text exports that record none, until the user enters theirs. */
const ASSUMED_PIXEL_NM = 10;

export interface HeightMapAppProps {
  provider: HeightMapProvider;
  onOpenFile: (file: File) => void;
  onFailed?: (message: string) => void;
}

export function HeightMapApp({ provider, onOpenFile, onFailed }: HeightMapAppProps) {
  const [state, setState] = useState<LoadState>({ status: "loading" });
  useEffect(() => {
    let current = true;
    provider.load().then(
      (read) => current && setState({ status: "ready", read }),
      (error: unknown) => {
        if (!current) return;
        const message = error instanceof Error ? error.message : String(error);
        setState({ status: "failed", message });
        onFailed?.(message);
      },
    );
    return () => void (current = false);
  }, [provider, onFailed]);

  const openButton = <OpenFileButton onOpen={onOpenFile} />;
  return (
    <FileDropZone onOpen={onOpenFile}>
      {state.status === "loading" && (
        <div className="viewer-message" role="status">
          <p>Loading {provider.title}…</p>
        </div>
      )}
      {state.status === "failed" && (
        <div className="viewer-message" role="alert">
          <p className="viewer-error" data-testid="load-error">{state.message}</p>
          {openButton}
        </div>
      )}
      {state.status === "ready" && <HeightMapPage title={provider.title} read={state.read} openButton={openButton} />}
    </FileDropZone>
  );
}

function HeightMapPage({ title, read, openButton }: { title: string; read: ImportedImages; openButton: ReactNode }) {
  const [channel, setChannel] = useState(0);
  const [pixelNm, setPixelNm] = useState(ASSUMED_PIXEL_NM);
  const image = read.images[Math.min(channel, read.images.length - 1)];
  const relief = useMemo(() => reliefOf(image, pixelNm), [image, pixelNm]);
  const initialExaggeration = useMemo(() => defaultHeightExaggeration(relief, relief.range), [relief]);
  const [zExaggeration, setZExaggeration] = useState(initialExaggeration);
  useEffect(() => setZExaggeration(initialExaggeration), [initialExaggeration]);

  return (
    <>
      <aside className="panel">
        <header className="panel-header">
          <div className="title-row">
            <h1>afmsims</h1>
            {openButton}
          </div>
          <p className="dataset" data-testid="dataset-title">{title}</p>
          <p className="dataset-facts" data-testid="height-map-facts">{describeMap(image, relief)}</p>
        </header>
        <Section title="Height map">
          {read.images.length > 1 && (
            <label className="field-label">
              Channel
              <select data-testid="height-map-channel" value={read.images.indexOf(image)} onChange={(event) => setChannel(Number(event.currentTarget.value))}>
                {read.images.map((candidate, index) => (
                  <option key={index} value={index}>
                    {candidate.title} ({candidate.units || "no unit"})
                  </option>
                ))}
              </select>
            </label>
          )}
          {!image.pixelSize && (
            <label className="field-label">
              Pixel size (nm): the file records none
              <input
                type="number"
                min={0}
                step="any"
                value={pixelNm}
                data-testid="height-map-pixel"
                onChange={(event) => {
                  const value = Number(event.currentTarget.value);
                  if (value > 0) setPixelNm(value);
                }}
              />
            </label>
          )}
          {image.units !== "m" && <p className="form-problem">Values in “{relief.axisUnit.unit}”, not heights: the relief shows their shape, a third as tall as the map is wide.</p>}
          <Slider
            label="Z exaggeration"
            value={zExaggeration}
            min={1}
            max={Math.max(10, 4 * initialExaggeration)}
            step={1}
            format={(value) => `${value}×`}
            onChange={setZExaggeration}
          />
        </Section>
        <PendingReferenceNote />
      </aside>
      <HeightMapViewport relief={relief} zExaggeration={zExaggeration} />
    </>
  );
}

function HeightMapViewport({ relief, zExaggeration }: { relief: Relief; zExaggeration: number }) {
  const frameCounter = useRef<HTMLDivElement>(null);
  const onRendered = useCallback(() => {
    const element = frameCounter.current;
    if (element) element.dataset.frames = String(Number(element.dataset.frames ?? "0") + 1);
  }, []);
  return (
    <main className="viewport" ref={frameCounter} data-testid="viewer-canvas" data-frames="0">
      <HeightMapScene map={relief} range={relief.range} zExaggeration={zExaggeration} axisUnit={relief.axisUnit} onRendered={onRendered} />
      <ul className="legend" aria-label="Height colours">
        <li>
          <span className="ramp" style={{ background: surfaceRampGradient() }} />
          <span className="legend-label">height</span>
          <span className="legend-window">{rangeText(relief)}</span>
        </li>
      </ul>
    </main>
  );
}

/** One channel ready to draw: relief heights in metres (float32 for the mesh) and how to label them. */
type Relief = HeightMapExtent & {
  heights: Float32Array;
  /** Lowest and highest relief height, metres. */
  range: readonly [number, number];
  axisUnit: HeightUnit;
};

function reliefOf(image: ImportedImage, assumedPixelNm: number): Relief {
  const extent = {
    rows: image.rows,
    cols: image.cols,
    pixelSize: image.pixelSize ?? ([assumedPixelNm * 1e-9, assumedPixelNm * 1e-9] as const),
  };
  const valueRange = finiteRange(image.values);
  const { metresPerValue, axisUnit } = reliefScale(extent, valueRange, image.units);
  const heights = Float32Array.from(image.values, (v) => v * metresPerValue);
  return { ...extent, heights, range: finiteRange(heights), axisUnit };
}

/** The relief's range in its axis unit, to 0.1 nm for heights or 4 significant digits for other values. */
function rangeText({ range, axisUnit }: Relief): string {
  const value = (metres: number) => metres * axisUnit.perMetre;
  const text = axisUnit === NANOMETRES ? (v: number) => v.toFixed(1) : (v: number) => String(Number(v.toPrecision(4)));
  return `${text(value(range[0]))} to ${text(value(range[1]))} ${axisUnit.unit}`;
}

function describeMap(image: ImportedImage, relief: Relief): string {
  const [dy, dx] = relief.pixelSize;
  const size = `${(relief.cols * dx * 1e6).toFixed(2)} × ${(relief.rows * dy * 1e6).toFixed(2)} µm`;
  const pixel = `pixel ${(dx * 1e9).toPrecision(4)} nm${image.pixelSize ? "" : " (assumed)"}`;
  return `${image.title} · ${relief.cols} × ${relief.rows} px · ${size} · ${pixel} · ${image.units === "m" ? "heights" : "values"} ${rangeText(relief)}`;
}
