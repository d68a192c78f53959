// This thread's garbage collector as a function. V8 hands out `gc` only with --expose-gc, which a
// worker's execArgv cannot carry; set at run time, the flag puts `gc` on contexts made after it,
// such as the new one made here.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export function exposedGarbageCollector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
