/** Side effect, imported by node.ts before h5wasm/node so that h5wasm binds the filtered console.error. */
import { dropAbortEcho } from "./problem.js";

dropAbortEcho();
