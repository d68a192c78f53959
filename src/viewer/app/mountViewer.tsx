/**
 * The imperative core: mounts a viewer into an element and hands back a small handle. A custom
 * element (`<afmsims-viewer>`) only has to call this from connectedCallback and dispose() from
 * disconnectedCallback.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { fileVolumeProvider } from "./fileProviders.js";
import { decodeViewState } from "./hashState.js";
import { startHashSync } from "./hashSync.js";
import type { LoadedVolume } from "./loadedVolume.js";
import { VolumeProviderContext, type VolumeProvider } from "./provider.js";
import { createViewerStores, readViewState, subscribeViewState, ViewerStoresContext, writeViewState } from "./stores.js";
import { ViewerApp } from "./ViewerApp.js";
import type { ViewState } from "./viewState.js";

export interface ViewerOptions {
  provider: VolumeProvider;
  /** Read the initial view from the URL hash and keep the hash up to date. */
  syncHash?: boolean;
  /** Initial view of the first volume, written like the URL hash; ignored when syncHash is set. */
  view?: string;
  onStateChange?: (state: ViewState) => void;
  /** After a volume is prepared and its initial view is in the stores. */
  onLoad?: (loaded: LoadedVolume) => void;
  /** A volume could not be shown; the message (fit for the user) is also shown in the element. */
  onError?: (message: string) => void;
}

export interface ViewerHandle {
  getState(): ViewState;
  setState(state: ViewState): void;
  /** Shows another volume; its view starts from that volume's defaults. */
  open(provider: VolumeProvider): void;
  dispose(): void;
}

export function mountViewer(element: HTMLElement, options: ViewerOptions): ViewerHandle {
  const stores = createViewerStores();
  const cleanups: (() => void)[] = [];
  if (options.onStateChange) {
    const listener = options.onStateChange;
    cleanups.push(subscribeViewState(stores, () => listener(readViewState(stores))));
  }

  // The URL's view belongs to the data the page was opened with, not to files opened later.
  let firstLoad = true;
  const onLoaded = (loaded: LoadedVolume) => {
    const initialHash = firstLoad ? (options.syncHash ? window.location.hash : options.view) : undefined;
    writeViewState(stores, initialHash ? decodeViewState(initialHash, loaded.defaults) : loaded.defaults);
    if (options.syncHash && firstLoad) cleanups.push(startHashSync(stores));
    firstLoad = false;
    options.onLoad?.(loaded);
  };
  const onFailed = (message: string) => options.onError?.(message);

  const openFile = (file: File) => {
    // A local file has no address: a ?src= left in the URL would reopen the previous data.
    if (options.syncHash) window.history.replaceState(null, "", window.location.pathname + window.location.hash);
    render(fileVolumeProvider(file));
  };

  const root = createRoot(element);
  const render = (provider: VolumeProvider) =>
    root.render(
      <StrictMode>
        <ViewerStoresContext.Provider value={stores}>
          <VolumeProviderContext.Provider value={provider}>
            <ViewerApp onLoaded={onLoaded} onFailed={onFailed} onOpenFile={openFile} />
          </VolumeProviderContext.Provider>
        </ViewerStoresContext.Provider>
      </StrictMode>,
    );
  render(options.provider);

  return {
    getState: () => readViewState(stores),
    setState: (state) => writeViewState(stores, state),
    open: render,
    dispose: () => {
      cleanups.forEach((cleanup) => cleanup());
      root.unmount();
    },
  };
}
