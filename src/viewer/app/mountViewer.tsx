/**
 * The imperative core: mounts a viewer into an element and hands back a small handle. A custom
 * element (`<afmsims-viewer>`) only has to call this from connectedCallback and dispose() from
 * disconnectedCallback.
 */
import { StrictMode, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { fileVolumeProvider } from "./fileProviders.js";
import { decodeViewState } from "./hashState.js";
import { startHashSync } from "./hashSync.js";
import { HeightMapApp } from "./HeightMapApp.js";
import type { LoadedVolume } from "./loadedVolume.js";
import { openByKind, urlProviderByKind, type OpenedFile } from "./openByKind.js";
import { VolumeProviderContext, type VolumeProvider } from "./provider.js";
import { createReferenceProfileStore, ReferenceProfilesContext } from "./referenceProfiles.js";
import { createViewerStores, readViewState, subscribeViewState, ViewerStoresContext, writeViewState } from "./stores.js";
import { ViewerApp } from "./ViewerApp.js";
import type { ViewState } from "./viewState.js";

export interface ViewerOptions {
  /** The data shown first, unless `src` is given. */
  provider: VolumeProvider;
  /** A URL to open by its kind (an afmsims volume or an AFM image) in place of `provider`. */
  src?: string;
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
  /** Opens a file by its kind: a volume, an AFM height map, or a reference profile for the chart. */
  openFile(file: File): Promise<void>;
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

  const references = createReferenceProfileStore();
  const show = async (opened: OpenedFile) => {
    if (opened.kind === "volume") render(opened.provider);
    else if (opened.kind === "height-map") renderPage(<HeightMapApp provider={opened.provider} onOpenFile={(file) => void openFile(file)} onFailed={onFailed} />);
    else {
      // A reference profile joins the chart of the volume already shown.
      try {
        references.getState().add(opened.title, await opened.read());
      } catch (error) {
        references.getState().fail(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const openFile = async (file: File) => {
    let opened: OpenedFile;
    try {
      opened = await openByKind(file);
    } catch {
      // The bytes could not be read (the file went away, say): the volume reader says so.
      opened = { kind: "volume", provider: fileVolumeProvider(file) };
    }
    // A local file that replaces the page has no address: a ?src= left in the URL would reopen the previous data.
    if (opened.kind !== "reference-profile" && options.syncHash) window.history.replaceState(null, "", window.location.pathname + window.location.hash);
    await show(opened);
  };

  const root = createRoot(element);
  const renderPage = (page: ReactNode) =>
    root.render(
      <StrictMode>
        <ViewerStoresContext.Provider value={stores}>
          <ReferenceProfilesContext.Provider value={references}>{page}</ReferenceProfilesContext.Provider>
        </ViewerStoresContext.Provider>
      </StrictMode>,
    );
  const render = (provider: VolumeProvider) =>
    renderPage(
      <VolumeProviderContext.Provider value={provider}>
        <ViewerApp onLoaded={onLoaded} onFailed={onFailed} onOpenFile={(file) => void openFile(file)} />
      </VolumeProviderContext.Provider>,
    );
  render(options.src ? urlProviderByKind(options.src, (opened) => void show(opened)) : options.provider);

  return {
    getState: () => readViewState(stores),
    setState: (state) => writeViewState(stores, state),
    open: render,
    openFile,
    dispose: () => {
      cleanups.forEach((cleanup) => cleanup());
      root.unmount();
    },
  };
}
