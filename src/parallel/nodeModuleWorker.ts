import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * A Node worker thread running `module` (named without its extension) from the folder of
 * `callerUrl`. Run from the TypeScript sources (the tests), the thread compiles them through tsx,
 * a development dependency that the built package never reaches.
 */
export function nodeModuleWorker(callerUrl: string, module: string, options: WorkerOptions): Worker {
  if (!callerUrl.endsWith(".ts")) return new Worker(new URL(`./${module}.js`, callerUrl), options);
  const entry = JSON.stringify(new URL(`./${module}.ts`, callerUrl).href);
  return new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${entry}); })`, { ...options, eval: true });
}
