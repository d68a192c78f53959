/**
 * The page for an AFM file opened on its own: the height map as a shaded 3D surface with axes in
 * µm and nm, its size, pixel and height range, and the channel choice for multi-channel files.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ImportedImage, ImportedImages } from "../../importers/types.js";
import { surfaceRampGradient } from "../lib/SurfaceMesh.js";
import { Section, Slider } from "./controls.js";
import { FileDropZone, OpenFileButton } from "./FileDrop.js";
import { defaultHeightExaggeration, heightRange } from "./heightMapGeometry.js";
import type { HeightMapProvider } from "./heightMapProvider.js";
import { HeightMapScene } from "./HeightMapScene.js";

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

function HeightMapPage({ title, read, openButton }: { title: string; read: ImportedImages; openButton: React.ReactNode }) {
  const [channel, setChannel] = useState(0);
  const [pixelNm, setPixelNm] = useState(ASSUMED_PIXEL_NM);
  const image = read.images[Math.min(channel, read.images.length - 1)];
  const map = useMemo(() => heightMapOf(image, pixelNm), [image, pixelNm]);
  const range = useMemo(() => heightRange(map.heights), [map]);
  const initialExaggeration = useMemo(() => defaultHeightExaggeration(map, range), [map, range]);
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
          <p className="dataset-facts" data-testid="height-map-facts">{describeMap(image, map, range)}</p>
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
          {image.units !== "m" && <p className="form-problem">Values are in “{image.units || "no unit"}”, drawn as if they were metres.</p>}
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
      </aside>
      <HeightMapViewport map={map} range={range} zExaggeration={zExaggeration} units={image.units} />
    </>
  );
}

function HeightMapViewport({ map, range, zExaggeration, units }: { map: SurfaceHeights; range: readonly [number, number]; zExaggeration: number; units: string }) {
  const frameCounter = useRef<HTMLDivElement>(null);
  const onRendered = useCallback(() => {
    const element = frameCounter.current;
    if (element) element.dataset.frames = String(Number(element.dataset.frames ?? "0") + 1);
  }, []);
  return (
    <main className="viewport" ref={frameCounter} data-testid="viewer-canvas" data-frames="0">
      <HeightMapScene map={map} range={range} zExaggeration={zExaggeration} onRendered={onRendered} />
      <ul className="legend" aria-label="Height colours">
        <li>
          <span className="ramp" style={{ background: surfaceRampGradient() }} />
          <span className="legend-label">height</span>
          <span className="legend-window">{units === "m" ? `${nm(range[0])} – ${nm(range[1])} nm` : `${range[0]} – ${range[1]} ${units}`}</span>
        </li>
      </ul>
    </main>
  );
}

interface SurfaceHeights {
  heights: Float32Array;
  rows: number;
  cols: number;
  pixelSize: readonly [number, number];
}

function heightMapOf(image: ImportedImage, assumedPixelNm: number): SurfaceHeights {
  return {
    heights: Float32Array.from(image.values),
    rows: image.rows,
    cols: image.cols,
    pixelSize: image.pixelSize ?? [assumedPixelNm * 1e-9, assumedPixelNm * 1e-9],
  };
}

function nm(metres: number): string {
  return (metres * 1e9).toFixed(1);
}

function describeMap(image: ImportedImage, map: SurfaceHeights, range: readonly [number, number]): string {
  const [dy, dx] = map.pixelSize;
  const size = `${((map.cols * dx) * 1e6).toFixed(2)} × ${((map.rows * dy) * 1e6).toFixed(2)} µm`;
  const pixel = `pixel ${(dx * 1e9).toPrecision(4)} nm${image.pixelSize ? "" : " (assumed)"}`;
  const heights = image.units === "m" ? `heights ${nm(range[0])} to ${nm(range[1])} nm` : `values ${range[0]} to ${range[1]} ${image.units}`;
  return `${image.title} · ${map.cols} × ${map.rows} px · ${size} · ${pixel} · ${heights}`;
}
