/**
 * The part of the h5wasm API the contract readers use. The browser build (`h5wasm`) and the Node
 * build (`h5wasm/node`) share these types, so readers written against them serve both.
 */
import type { Attribute, Dataset, Group, Metadata, OutputData } from "h5wasm";

export type { Attribute, Dataset, Group, Metadata, OutputData };

/** HDF5 type classes as h5wasm reports them in `Metadata.type` (H5T_class_t). */
export const H5T_CLASS = { integer: 0, float: 1, string: 3, enum: 8 } as const;

/** An entity is a dataset when h5wasm tags it so; `instanceof` would tie this to one build. */
export function isDataset(entity: unknown): entity is Dataset {
  return typeof entity === "object" && entity !== null && (entity as { type?: string }).type === "Dataset";
}

export function isGroup(entity: unknown): entity is Group {
  return typeof entity === "object" && entity !== null && (entity as { type?: string }).type === "Group";
}

const ENTITY_KINDS: Record<string, string> = {
  Dataset: "a dataset",
  Group: "a group",
  BrokenSoftLink: "a broken soft link",
  ExternalLink: "an external link (not followed)",
  Datatype: "a named datatype",
};

/** What an HDF5 object is, in words, for messages. */
export function entityKind(entity: unknown): string {
  const type = typeof entity === "object" && entity !== null ? (entity as { type?: string }).type : undefined;
  return (type && ENTITY_KINDS[type]) ?? "an object of another kind";
}
