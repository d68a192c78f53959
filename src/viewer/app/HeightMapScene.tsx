/** The 3D view of one AFM height map: the shaded surface in its box, with axes in µm and nm. */
import { Canvas, useFrame } from "@react-three/fiber";
import { useMemo, useState } from "react";
import { BoxAxes } from "../lib/BoxAxes.js";
import { SurfaceMesh } from "../lib/SurfaceMesh.js";
import { CameraRig } from "./CameraRig.js";
import type { HeightUnit } from "./axisLayout.js";
import { heightMapLayout, type HeightMapExtent } from "./heightMapGeometry.js";

const BACKGROUND = "#0d1117";
const INTERACTION_DPR_FACTOR = 0.5;
const NO_CLIPPING: never[] = [];

export interface HeightMapSceneProps {
  map: HeightMapExtent & { heights: Float32Array };
  /** Lowest and highest height, metres. */
  range: readonly [number, number];
  zExaggeration: number;
  axisUnit: HeightUnit;
  onRendered?: () => void;
}

export function HeightMapScene(props: HeightMapSceneProps) {
  const baseDpr = Math.min(2, window.devicePixelRatio || 1);
  const [interacting, setInteracting] = useState(false);
  return (
    <Canvas frameloop="demand" dpr={interacting ? baseDpr * INTERACTION_DPR_FACTOR : baseDpr} camera={{ fov: 35 }} gl={{ antialias: true }}>
      <color attach="background" args={[BACKGROUND]} />
      <SceneContents {...props} onInteracting={setInteracting} />
    </Canvas>
  );
}

function SceneContents({ map, range, zExaggeration, axisUnit, onRendered, onInteracting }: HeightMapSceneProps & { onInteracting: (active: boolean) => void }) {
  const layout = useMemo(() => heightMapLayout(map, range, zExaggeration, axisUnit), [map, range, zExaggeration, axisUnit]);
  const boxMax = useMemo(() => layout.box.min.map((v, i) => v + layout.box.size[i]) as [number, number, number], [layout]);
  return (
    <>
      <ambientLight intensity={0.5} />
      <directionalLight position={[-1, -2, 3]} intensity={2.2} />
      <CameraRig box={layout.box} onInteracting={onInteracting} />
      <FrameCounter onRendered={onRendered} />
      <SurfaceMesh
        heights={map.heights}
        rows={map.rows}
        cols={map.cols}
        origin={layout.origin}
        step={layout.step}
        zScale={layout.zScale}
        zOffset={layout.zOffset}
        colorRange={range}
        clippingPlanes={NO_CLIPPING}
      />
      <BoxAxes min={layout.box.min} max={boxMax} axes={layout.axes} />
    </>
  );
}

/** Takes over rendering so each finished frame can be counted (tests and embedders wait on it). */
function FrameCounter({ onRendered }: { onRendered?: () => void }) {
  useFrame(({ gl, scene, camera }) => {
    gl.render(scene, camera);
    onRendered?.();
  }, 1);
  return null;
}
