/** The page layout: control panel on the left, the 3D view with its overlays on the right. */
import { useCallback, useRef } from "react";
import type { CaptureScene } from "../lib/SceneCapture.js";
import { Workspace } from "./Workspace.js";
import { ChannelControls } from "./ChannelControls.js";
import { Section, formatValue } from "./controls.js";
import type { LoadedVolume } from "./loadedVolume.js";
import { SceneControls } from "./SceneControls.js";
import { useChannelStore } from "./stores.js";
import { VolumeContainer } from "./VolumeContainer.js";
import { FileDropZone, OpenFileButton } from "./FileDrop.js";
import { ReferenceProfileList } from "./ReferenceProfileList.js";
import { ViewerScene } from "./ViewerScene.js";
import { downloadBlob, exportStem } from "./download.js";

export interface ViewerAppProps {
  onLoaded: (loaded: LoadedVolume) => void;
  onFailed?: (message: string) => void;
  onOpenFile: (file: File) => void;
}

export function ViewerApp({ onLoaded, onFailed, onOpenFile }: ViewerAppProps) {
  return (
    <FileDropZone onOpen={onOpenFile}>
      <VolumeContainer onLoaded={onLoaded} onFailed={onFailed} openButton={<OpenFileButton onOpen={onOpenFile} />}>
        {(loaded, title) => (
          <>
            <aside className="panel">
              <header className="panel-header">
                <div className="title-row">
                  <h1>afmsims</h1>
                  <OpenFileButton onOpen={onOpenFile} />
                </div>
                <p className="dataset" data-testid="dataset-title">{title}</p>
                <p className="dataset-facts">{describeExtent(loaded)}</p>
              </header>
              <Section title="Channels">
                <ChannelControls loaded={loaded} />
              </Section>
              <SceneControls />
              <ReferenceProfileList loaded={loaded} />
            </aside>
            <Workspace loaded={loaded}>
              <Viewport loaded={loaded} />
            </Workspace>
          </>
        )}
      </VolumeContainer>
    </FileDropZone>
  );
}

function Viewport({ loaded }: { loaded: LoadedVolume }) {
  const frameCounter = useRef<HTMLDivElement>(null);
  // Tests and embedders wait on this attribute: it counts finished frames.
  const onRendered = useCallback(() => {
    const element = frameCounter.current;
    if (element) element.dataset.frames = String(Number(element.dataset.frames ?? "0") + 1);
  }, []);
  const capture = useRef<CaptureScene | null>(null);
  const onCaptureReady = useCallback((ready: CaptureScene | null) => (capture.current = ready), []);
  const { plan } = loaded;
  return (
    <main className="viewport" ref={frameCounter} data-testid="viewer-canvas" data-frames="0">
      <ViewerScene volume={loaded.volume} packed={loaded.packed} onRendered={onRendered} onCaptureReady={onCaptureReady} />
      <button type="button" className="small-button snapshot-button" data-testid="export-3d-png"
        onClick={() => void capture.current?.().then((png) => downloadBlob(png, `${exportStem(loaded.volume.source, "3d")}.png`))}>
        PNG
      </button>
      {plan.downsampled && (
        <div className="notice" role="status">
          Shown downsampled to {plan.dims.join(" × ")} voxels (from {plan.source.join(" × ")}): the volume exceeds this GPU's
          3D texture limits.
        </div>
      )}
      <Legend loaded={loaded} />
    </main>
  );
}

function Legend({ loaded }: { loaded: LoadedVolume }) {
  const channels = useChannelStore((s) => s.channels);
  const visible = channels.map((channel, index) => ({ channel, index })).filter(({ channel }) => channel.visible);
  if (visible.length === 0) return null;
  return (
    <ul className="legend" aria-label="Visible channels">
      {visible.map(({ channel, index }) => (
        <li key={index}>
          <span className="ramp" style={{ background: `linear-gradient(90deg, transparent, ${channel.color})` }} />
          <span className="legend-label">{loaded.labels[index]}</span>
          <span className="legend-window">
            {formatValue(channel.windowMin)}–{formatValue(channel.windowMax)} counts
          </span>
        </li>
      ))}
    </ul>
  );
}

function describeExtent({ volume, labels }: LoadedVolume): string {
  const [dz, dy, dx] = volume.voxelSize;
  const width = (volume.cols * dx * 1e6).toFixed(1);
  const height = (volume.rows * dy * 1e6).toFixed(1);
  const depth = (volume.nz * dz * 1e9).toFixed(0);
  return `${width} × ${height} µm, ${depth} nm deep · ${volume.cols} × ${volume.rows} × ${volume.nz} voxels · ${labels.length} channels`;
}
