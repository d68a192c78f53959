/**
 * The view configuration of one viewer instance, as small zustand stores (one per concern), so
 * that two viewers on one page never share state. Components read them through ViewerStoresContext.
 */
import { createContext, useContext } from "react";
import { createStore, useStore, type StoreApi } from "zustand";
import { FULL_CLIP, type CameraView, type ChannelView, type RegionOfInterest, type SceneView, type ViewState } from "./viewState.js";

export interface SceneStore extends SceneView {
  update(patch: Partial<SceneView>): void;
}

export interface ChannelStore {
  channels: ChannelView[];
  updateChannel(index: number, patch: Partial<ChannelView>): void;
}

export interface CameraStore {
  camera: CameraView | null;
  setCamera(camera: CameraView | null): void;
}

export interface RoiStore {
  rois: RegionOfInterest[];
  setRois(rois: RegionOfInterest[]): void;
}

export interface ViewerStores {
  scene: StoreApi<SceneStore>;
  channels: StoreApi<ChannelStore>;
  camera: StoreApi<CameraStore>;
  rois: StoreApi<RoiStore>;
}

export function createViewerStores(): ViewerStores {
  return {
    scene: createStore<SceneStore>((set) => ({
      mode: "composite",
      zExaggeration: 1,
      clip: FULL_CLIP,
      slices: [null, null, null],
      surface: "after",
      update: (patch) => set(patch),
    })),
    channels: createStore<ChannelStore>((set) => ({
      channels: [],
      updateChannel: (index, patch) =>
        set(({ channels }) => ({ channels: channels.map((c, i) => (i === index ? { ...c, ...patch } : c)) })),
    })),
    camera: createStore<CameraStore>((set) => ({ camera: null, setCamera: (camera) => set({ camera }) })),
    rois: createStore<RoiStore>((set) => ({ rois: [], setRois: (rois) => set({ rois }) })),
  };
}

export function readViewState(stores: ViewerStores): ViewState {
  const { mode, zExaggeration, clip, slices, surface } = stores.scene.getState();
  return {
    scene: { mode, zExaggeration, clip, slices, surface },
    channels: stores.channels.getState().channels,
    camera: stores.camera.getState().camera,
    rois: stores.rois.getState().rois,
  };
}

export function writeViewState(stores: ViewerStores, state: ViewState): void {
  stores.scene.getState().update(state.scene);
  stores.channels.setState({ channels: state.channels });
  stores.camera.getState().setCamera(state.camera);
  stores.rois.getState().setRois(state.rois);
}

/** Calls `listener` after any change to any of the stores; returns the unsubscribe function. */
export function subscribeViewState(stores: ViewerStores, listener: () => void): () => void {
  const unsubscribers = [stores.scene, stores.channels, stores.camera, stores.rois].map((store) =>
    (store as StoreApi<unknown>).subscribe(listener),
  );
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}

export const ViewerStoresContext = createContext<ViewerStores | null>(null);

function useStores(): ViewerStores {
  const stores = useContext(ViewerStoresContext);
  if (!stores) throw new Error("viewer component used outside ViewerStoresContext");
  return stores;
}

export const useSceneStore = <T,>(select: (s: SceneStore) => T): T => useStore(useStores().scene, select);
export const useChannelStore = <T,>(select: (s: ChannelStore) => T): T => useStore(useStores().channels, select);
export const useViewerStores = useStores;
