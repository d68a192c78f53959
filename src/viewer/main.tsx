/**
 * Entry of the standalone viewer page (index.html): the file named by `?src=` (a URL: an afmsims
 * volume or an AFM image), or the synthetic sample until the user opens a file.
 */
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
  provider: syntheticVolumeProvider(),
  src: source ?? undefined,
  syncHash: true,
  onLoad: (loaded) => {
    window.afmsimsLoaded = loaded;
  },
});
