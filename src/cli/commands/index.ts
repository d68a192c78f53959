import type { Command } from "../command.js";

/** Commands load lazily, so a quick `info` does not pay for the simulator or the kernels. */
export const commands: Record<string, () => Promise<Command>> = {
  simulate: async () => (await import("./simulate.js")).simulateCommand,
  info: async () => (await import("./info.js")).infoCommand,
  import: async () => (await import("./import.js")).importCommand,
  reconstruct: async () => (await import("./reconstruct.js")).reconstructCommand,
  profile: async () => (await import("./profile.js")).profileCommand,
  view: async () => (await import("./view.js")).viewCommand,
  embed: async () => (await import("./embed.js")).embedCommand,
};
