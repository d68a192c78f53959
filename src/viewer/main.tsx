/**
 * Entry of the standalone viewer page (index.html): the volume named by `?src=` (a URL), or the
 * synthetic sample until the user opens a file.
 */
import { urlVolumeProvider } from "./app/fileProviders.js";
import { mountViewer } from "./app/mountViewer.js";
import { syntheticVolumeProvider } from "./app/provider.js";
import "./styles.css";

const source = new URLSearchParams(window.location.search).get("src");
mountViewer(document.getElementById("root")!, {
  provider: source ? urlVolumeProvider(source) : syntheticVolumeProvider(),
  syncHash: true,
});
