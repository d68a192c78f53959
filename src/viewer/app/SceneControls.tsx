/** Render mode, z exaggeration, surfaces, clip box and slice planes. */
import { Section, Segmented, Slider } from "./controls.js";
import { RegionControls } from "./RegionControls.js";
import { useSceneStore, useViewerStores } from "./stores.js";
import type { ClipBox, RenderMode, SurfaceChoice, Vec3 } from "./viewState.js";

const MODES: { value: RenderMode; label: string }[] = [
  { value: "mip", label: "MIP" },
  { value: "composite", label: "Composite" },
  { value: "iso", label: "Isosurface" },
];

const SURFACES: { value: SurfaceChoice; label: string }[] = [
  { value: "none", label: "None" },
  { value: "before", label: "Before" },
  { value: "after", label: "After" },
  { value: "both", label: "Both" },
];

const AXES = ["x", "y", "depth"] as const;

export function SceneControls() {
  const scene = useSceneStore((s) => s);
  const stores = useViewerStores();
  const setClip = (side: "min" | "max", axis: number, value: number) => {
    const next: ClipBox = { min: [...scene.clip.min], max: [...scene.clip.max] };
    const bound = [...next[side]] as [number, number, number];
    // Keep at least 2 % of the box between the two faces.
    bound[axis] = side === "min" ? Math.min(value, scene.clip.max[axis] - 0.02) : Math.max(value, scene.clip.min[axis] + 0.02);
    scene.update({ clip: { ...next, [side]: bound as Vec3 } });
  };
  const setSlice = (axis: number, value: number | null) => {
    const slices = [...scene.slices] as [number | null, number | null, number | null];
    slices[axis] = value;
    scene.update({ slices });
  };

  return (
    <>
      <Section title="Rendering">
        <Segmented options={MODES} value={scene.mode} onChange={(mode) => scene.update({ mode })} testId="render-mode" />
        <Slider
          label="Z exaggeration"
          value={Math.log10(scene.zExaggeration)}
          min={0}
          max={3}
          step={0.01}
          format={(v) => `× ${Math.round(10 ** v)}`}
          onChange={(v) => scene.update({ zExaggeration: Math.round(10 ** v) })}
          testId="z-exaggeration"
        />
        <div className="field-label">AFM surface</div>
        <Segmented options={SURFACES} value={scene.surface} onChange={(surface) => scene.update({ surface })} testId="surface" />
        <button type="button" className="small-button" onClick={() => stores.camera.getState().setCamera(null)}>
          Reset camera
        </button>
      </Section>
      <Section title="Clip box">
        {AXES.map((name, axis) => (
          <div key={name} className="range-pair">
            <Slider label={`${name} from`} value={scene.clip.min[axis]} min={0} max={1} step={0.01}
              format={(v) => `${Math.round(v * 100)} %`} onChange={(v) => setClip("min", axis, v)} />
            <Slider label={`${name} to`} value={scene.clip.max[axis]} min={0} max={1} step={0.01}
              format={(v) => `${Math.round(v * 100)} %`} onChange={(v) => setClip("max", axis, v)} />
          </div>
        ))}
      </Section>
      <Section title="Regions">
        <RegionControls />
      </Section>
      <Section title="Slice planes">
        {AXES.map((name, axis) => {
          const position = scene.slices[axis];
          return (
            <div key={name} className="slice-row">
              <label className="checkbox-label">
                <input type="checkbox" checked={position !== null} data-testid={`slice-${name}`}
                  onChange={(event) => setSlice(axis, event.currentTarget.checked ? 0.5 : null)} />
                {name}
              </label>
              {position !== null && (
                <Slider label="at" value={position} min={0} max={1} step={0.005}
                  format={(v) => `${Math.round(v * 100)} %`} onChange={(v) => setSlice(axis, v)} />
              )}
            </div>
          );
        })}
      </Section>
    </>
  );
}
