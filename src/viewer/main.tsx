/**
 * Entry of the standalone viewer page (index.html): the volume named by `?src=` (a URL), or the
 * synthetic sample until the user opens a file.
 */
import { urlVolumeProvider } from "./app/fileProviders.js";
import type { LoadedVolume } from "./app/loadedVolume.js";
import { mountViewer } from "./app/mountViewer.js";
import { syntheticVolumeProvider } from "./app/provider.js";
import "./styles.css";

declare global {
  interface Window {
    /** The volume on screen, for scripts and tests that check what the page computed. */
    afmsimsLoaded?: LoadedVolume;
  }
}

const source = new URLSearchParams(window.location.search).get("src");
mountViewer(document.getElementById("root")!, {
  provider: source ? urlVolumeProvider(source) : syntheticVolumeProvider(),
  syncHash: true,
  onLoad: (loaded) => {
    window.afmsimsLoaded = loaded;
  },
});
