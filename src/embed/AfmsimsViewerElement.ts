/**
 * `<afmsims-viewer src="volume.h5" channels="Na2F+,Na2Cl+" view="#m=mip&..." controls="minimal">`:
 * a thin custom-element shell over mountViewer. The viewer lives in a shadow root so that host
 * page styles and the viewer's styles stay apart; its size comes from the host's CSS.
 */
import { urlVolumeProvider } from "../viewer/app/fileProviders.js";
import { decodeViewState, encodeViewState } from "../viewer/app/hashState.js";
import type { LoadedVolume } from "../viewer/app/loadedVolume.js";
import { mountViewer, type ViewerHandle } from "../viewer/app/mountViewer.js";
import type { ViewState } from "../viewer/app/viewState.js";
import { parseChannelList, showOnlyChannels } from "./channelSelection.js";
import { ELEMENT_CSS } from "./elementStyles.js";
import type { AfmsimsViewerEventMap, ErrorDetail, LoadDetail, RoiChangeDetail, ViewChangeDetail } from "./viewerEvents.js";

export class AfmsimsViewerElement extends HTMLElement {
  static readonly observedAttributes = ["src", "view", "channels"];

  private handle: ViewerHandle | null = null;
  private lastView = "";
  private lastRois = "";
  /** Labels of the displayed channels, once a volume is shown. */
  private labels: string[] = [];

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = ELEMENT_CSS;
    shadow.append(style);
  }

  /** The current view, as the `view` attribute takes it; empty before the volume is shown. */
  get view(): string {
    return this.handle && this.lastView ? encodeViewState(this.handle.getState()) : "";
  }

  connectedCallback(): void {
    if (this.handle) return;
    const src = this.getAttribute("src");
    if (!src) {
      this.showError("this <afmsims-viewer> has no src attribute naming a volume file");
      return;
    }
    const container = document.createElement("div");
    container.className = "embed-root";
    this.shadowRoot!.append(container);
    this.handle = mountViewer(container, {
      provider: urlVolumeProvider(new URL(src, document.baseURI).href),
      view: this.getAttribute("view") ?? undefined,
      onLoad: (loaded) => this.loaded(loaded),
      onError: (message) => this.emit<ErrorDetail>("error", { message }),
      onStateChange: (state) => this.stateChanged(state),
    });
  }

  disconnectedCallback(): void {
    this.handle?.dispose();
    this.handle = null;
    this.shadowRoot!.querySelector(".embed-root")?.remove();
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
    if (!this.handle || oldValue === newValue) return;
    if (name === "src" && newValue) this.handle.open(urlVolumeProvider(new URL(newValue, document.baseURI).href));
    if (name === "view" && newValue) this.handle.setState(decodeViewState(newValue, this.handle.getState()));
    if (name === "channels") this.handle.setState(showOnlyChannels(this.handle.getState(), this.labels, parseChannelList(newValue)));
  }

  override addEventListener<K extends keyof AfmsimsViewerEventMap>(
    type: K,
    listener: (this: AfmsimsViewerElement, event: AfmsimsViewerEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener, options);
  }

  private loaded(loaded: LoadedVolume): void {
    this.labels = loaded.labels;
    const handle = this.handle!;
    handle.setState(showOnlyChannels(handle.getState(), loaded.labels, parseChannelList(this.getAttribute("channels"))));
    const { volume } = loaded;
    this.emit<LoadDetail>("load", { labels: [...volume.labels], dims: [volume.cols, volume.rows, volume.nz] });
  }

  private stateChanged(state: ViewState): void {
    const view = encodeViewState(state);
    if (view !== this.lastView) {
      this.lastView = view;
      this.emit<ViewChangeDetail>("view-change", { view, state });
    }
    const rois = JSON.stringify(state.rois);
    if (rois !== this.lastRois) {
      this.lastRois = rois;
      this.emit<RoiChangeDetail>("roi-change", { rois: state.rois });
    }
  }

  /** A problem found before the viewer mounts, shown where the viewer would be. */
  private showError(message: string): void {
    const box = document.createElement("p");
    box.className = "viewer-error";
    box.setAttribute("role", "alert");
    box.textContent = message;
    this.shadowRoot!.append(box);
    this.emit<ErrorDetail>("error", { message });
  }

  private emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
