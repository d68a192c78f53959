/** The CLI as bin/afmsims runs it, from the TypeScript sources (spawned with `node --import tsx`). */
import { runFromProcess } from "../../src/cli/main.js";

await runFromProcess();
