/** The 3D view: maps the stores and the loaded volume onto the pure rendering components. */
import { Canvas } from "@react-three/fiber";
import { useEffect, useMemo, useState } from "react";
import * as THREE from "three";
import type { VolumeModel } from "../../model/types.js";
import { BoxAxes } from "../lib/BoxAxes.js";
import { createOccluderTarget, OccluderPipeline } from "../lib/OccluderPipeline.js";
import type { PackedVolume } from "../lib/packChannels.js";
import { SurfaceMesh } from "../lib/SurfaceMesh.js";
import { VolumeView } from "../lib/VolumeView.js";
import { finiteRange } from "../lib/windowing.js";
import { axisLayout } from "./axisLayout.js";
import { CameraRig } from "./CameraRig.js";
import { toChannelUniforms } from "./channelUniforms.js";
import { clipToLocal, sliceToLocal, WORLD_UNITS_PER_METRE, worldBox, worldXY, worldZ, type WorldBox } from "./sceneGeometry.js";
import type { RegionOfInterest, Vec3 } from "./viewState.js";
import { useStore } from "zustand";
import { RegionOutlines, type RegionOutline } from "../lib/RegionOutlines.js";
import { SceneCapture, type CaptureScene } from "../lib/SceneCapture.js";
import { regionOutline } from "./regionOutline.js";
import { useChannelStore, useSceneStore, useViewerStores } from "./stores.js";

const BACKGROUND = "#0d1117";
const INTERACTION_DPR_FACTOR = 0.5;

export interface ViewerSceneProps {
  volume: VolumeModel;
  packed: PackedVolume;
  onRendered?: () => void;
  /** Receives the function that takes a PNG of the view. */
  onCaptureReady?: (capture: CaptureScene | null) => void;
}

export function ViewerScene({ volume, packed, onRendered, onCaptureReady }: ViewerSceneProps) {
  const baseDpr = Math.min(2, window.devicePixelRatio || 1);
  const [interacting, setInteracting] = useState(false);
  return (
    <Canvas
      frameloop="demand"
      dpr={interacting ? baseDpr * INTERACTION_DPR_FACTOR : baseDpr}
      camera={{ fov: 35 }}
      gl={{ antialias: true }}
      onCreated={({ gl }) => (gl.localClippingEnabled = true)}
    >
      <color attach="background" args={[BACKGROUND]} />
      <SceneContents volume={volume} packed={packed} interacting={interacting} onInteracting={setInteracting} onRendered={onRendered} />
      {onCaptureReady && <SceneCapture onReady={onCaptureReady} />}
    </Canvas>
  );
}

function SceneContents({
  volume,
  packed,
  interacting,
  onInteracting,
  onRendered,
}: ViewerSceneProps & { interacting: boolean; onInteracting: (active: boolean) => void }) {
  const mode = useSceneStore((s) => s.mode);
  const zExaggeration = useSceneStore((s) => s.zExaggeration);
  const clip = useSceneStore((s) => s.clip);
  const slices = useSceneStore((s) => s.slices);
  const surface = useSceneStore((s) => s.surface);
  const channels = useChannelStore((s) => s.channels);
  const rois = useStore(useViewerStores().rois, (s) => s.rois);

  const box = useMemo(() => worldBox(volume, zExaggeration), [volume, zExaggeration]);
  const boxMax = useMemo(() => box.min.map((v, i) => v + box.size[i]) as [number, number, number], [box]);
  const channelUniforms = useMemo(() => toChannelUniforms(channels, packed.scales), [channels, packed]);
  const localClip = useMemo(() => clipToLocal(clip), [clip]);
  const localSlices = useMemo(
    () => slices.map((s, axis) => (s === null ? null : sliceToLocal(axis as 0 | 1 | 2, s))) as [number | null, number | null, number | null],
    [slices],
  );
  const axes = useMemo(() => axisLayout(box, zExaggeration), [box, zExaggeration]);
  const clippingPlanes = useMemo(() => worldClippingPlanes(box, localClip), [box, localClip]);
  const outlines = useMemo(() => regionOutlines(rois, volume, box), [rois, volume, box]);

  const occluderTarget = useMemo(() => createOccluderTarget(), []);
  useEffect(() => () => occluderTarget.dispose(), [occluderTarget]);

  const surfaceProps = useMemo(() => {
    const [, dy, dx] = volume.voxelSize;
    const [x0, y0] = worldXY(volume, 0, 0);
    const zScale = WORLD_UNITS_PER_METRE * zExaggeration;
    const range = finiteRange(volume.surfaceBefore);
    return {
      rows: volume.rows,
      cols: volume.cols,
      origin: [x0, y0] as const,
      step: [dx * WORLD_UNITS_PER_METRE, -dy * WORLD_UNITS_PER_METRE] as const,
      zScale,
      zOffset: worldZ(volume, 0, zExaggeration),
      colorRange: range,
      clippingPlanes,
    };
  }, [volume, zExaggeration, clippingPlanes]);

  return (
    <>
      <ambientLight intensity={0.5} />
      <directionalLight position={[-1, -2, 3]} intensity={2.2} />
      <CameraRig box={box} onInteracting={onInteracting} />
      <OccluderPipeline target={occluderTarget} onRendered={onRendered} />
      {(surface === "before" || surface === "both") && <SurfaceMesh heights={volume.surfaceBefore} {...surfaceProps} />}
      {(surface === "after" || surface === "both") && <SurfaceMesh heights={volume.surfaceAfter} {...surfaceProps} />}
      <VolumeView
        packed={packed}
        boxMin={box.min}
        boxSize={box.size}
        channels={channelUniforms}
        mode={mode}
        clipMin={localClip.min}
        clipMax={localClip.max}
        slices={localSlices}
        stepVoxels={interacting ? 2 : 1}
        occluderTarget={occluderTarget}
      />
      <BoxAxes min={box.min} max={boxMax} axes={axes} />
      <RegionOutlines outlines={outlines} />
    </>
  );
}

/**
 * Planes that keep the part of the world inside the clip box (three keeps the positive side).
 * A face of the box left at the data's edge clips nothing: the surfaces may poke half a voxel out.
 */
function worldClippingPlanes(box: WorldBox, local: { min: Vec3; max: Vec3 }): THREE.Plane[] {
  const planes: THREE.Plane[] = [];
  for (let axis = 0; axis < 3; axis++) {
    const normal = new THREE.Vector3().setComponent(axis, 1);
    if (local.min[axis] > 0) planes.push(new THREE.Plane(normal.clone(), -(box.min[axis] + local.min[axis] * box.size[axis])));
    if (local.max[axis] < 1) planes.push(new THREE.Plane(normal.clone().negate(), box.min[axis] + local.max[axis] * box.size[axis]));
  }
  return planes;
}

/** Regions drawn on the top face of the box, where the original surface is. */
function regionOutlines(rois: RegionOfInterest[], volume: VolumeModel, box: WorldBox): RegionOutline[] {
  const top = box.min[2] + box.size[2];
  return rois.map((roi) => ({
    label: roi.name,
    points: regionOutline(roi.shape, [volume.voxelSize[1], volume.voxelSize[2]]).map(([col, row]) => {
      const [x, y] = worldXY(volume, row, col);
      return [x, y, top] as const;
    }),
  }));
}
