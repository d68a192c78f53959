/**
 * The 2D panels under the 3D view: the map with its regions and the regions' depth profiles,
 * beside the reference profiles (SurfaceLab exports) dropped on the page. The drawing gesture is
 * held here so the chart follows a region while it is drawn or moved.
 */
import { useMemo, useState } from "react";
import { useStore } from "zustand";
import { gestureTarget, IDLE, shapesDuring, type Gesture } from "./drawGesture.js";
import type { LoadedVolume } from "./loadedVolume.js";
import { MapPanel } from "./MapPanel.js";
import { ProfilePanel, type LiveRegions } from "./ProfilePanel.js";
import { useReferenceSeries } from "./referenceProfiles.js";
import { nextRegionName } from "./regionStyles.js";
import { useViewerStores } from "./stores.js";
import type { RegionOfInterest } from "./viewState.js";

export function AnalysisPanels({ loaded }: { loaded: LoadedVolume }) {
  const rois = useStore(useViewerStores().rois, (s) => s.rois);
  const references = useReferenceSeries(loaded);
  const [gesture, setGesture] = useState<Gesture>(IDLE);
  const [selected, setSelected] = useState<number | null>(null);
  const { voxelSize } = loaded.volume;
  const live: LiveRegions = useMemo(() => {
    const shapes = shapesDuring(gesture, rois.map((roi) => roi.shape), [voxelSize[1], voxelSize[2]]);
    const drawnName = nextRegionName(rois.map((roi) => roi.name));
    const liveRois = shapes.map((shape, index): RegionOfInterest => ({ name: rois[index]?.name ?? drawnName, shape }));
    return { rois: liveRois, draftIndex: gestureTarget(gesture, rois.length) };
  }, [gesture, rois, voxelSize]);

  return (
    <div className="analysis" data-testid="analysis">
      <MapPanel loaded={loaded} liveRois={live.rois} gesture={gesture} onGesture={setGesture} selected={selected} onSelect={setSelected} />
      <ProfilePanel loaded={loaded} regions={live} references={references} />
    </div>
  );
}
