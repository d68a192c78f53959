/**
 * The embeddable viewer module: importing it defines `<afmsims-viewer>`. Built alone (see
 * vite.embed.config.ts) into one ES module whose chunks, worker and wasm resolve relative to it.
 */
import { AfmsimsViewerElement } from "./AfmsimsViewerElement.js";

export { AfmsimsViewerElement };
export type * from "./viewerEvents.js";

// A page may load the module twice (two snippets): the second definition would throw.
if (!customElements.get("afmsims-viewer")) customElements.define("afmsims-viewer", AfmsimsViewerElement);

declare global {
  interface HTMLElementTagNameMap {
    "afmsims-viewer": AfmsimsViewerElement;
  }
}
