/** Entry of the standalone viewer page (index.html): the synthetic sample until a file is opened. */
import { mountViewer } from "./app/mountViewer.js";
import { syntheticVolumeProvider } from "./app/provider.js";
import "./styles.css";

mountViewer(document.getElementById("root")!, { provider: syntheticVolumeProvider(), syncHash: true });
