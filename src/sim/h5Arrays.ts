import type { H5File } from "../io/h5/node.js";

export type Group = ReturnType<H5File["create_group"]>;
export type Storable = Float32Array | Float64Array | Uint8Array | Uint16Array;

// truth arrays are large and mostly incompressible floats: fast gzip saves seconds for a few percent of size
const GZIP_LEVEL = 1;
/** Arrays up to this many bytes go out in one call; larger ones plane by plane (h5wasm's memory is limited). */
const WHOLE_WRITE_LIMIT = 256 * 2 ** 20;
const DTYPES = new Map<Function, string>([
  [Float32Array, "<f"],
  [Float64Array, "<d"],
  [Uint8Array, "<B"],
  [Uint16Array, "<H"],
]);

export interface PutOptions {
  units?: string;
  /** Told how many image planes have been stored so far, for progress. */
  onPlanes?: (count: number) => void;
  wholeWriteLimit?: number;
}

/**
 * Stores an array with its meaning (`description`) and units, one image plane per gzip chunk.
 * Large stacks of planes go out plane by plane, so that no copy of them (a 512 x 512 truth
 * volume is over a gigabyte) has to fit into h5wasm's memory at once.
 */
export function putArray(group: Group, name: string, data: Storable, shape: number[], description: string, options: PutOptions = {}) {
  const { units, onPlanes = () => {}, wholeWriteLimit = WHOLE_WRITE_LIMIT } = options;
  const dtype = DTYPES.get(data.constructor)!;
  let dataset: ReturnType<Group["create_dataset"]>;
  if (shape.length <= 2) {
    const image = shape.length === 2;
    dataset = group.create_dataset({ name, data, shape, dtype, chunks: image ? shape : null, compression: image ? GZIP_LEVEL : undefined });
  } else {
    const planeShape = shape.slice(-2);
    const planeSize = planeShape[0] * planeShape[1];
    const planes = data.length / planeSize;
    const chunks = [...shape.slice(0, -2).map(() => 1), ...planeShape];
    if (data.byteLength <= wholeWriteLimit) {
      dataset = group.create_dataset({ name, data, shape, dtype, chunks, compression: GZIP_LEVEL });
      onPlanes(planes);
    } else {
      dataset = group.create_dataset({ name, data: data.subarray(0, planeSize), shape: chunks, maxshape: shape, dtype, chunks, compression: GZIP_LEVEL });
      dataset.resize(shape);
      onPlanes(1);
      const index = new Array<number>(shape.length - 2).fill(0);
      for (let plane = 1; plane < planes; plane++) {
        // the next plane's index, last axis fastest
        for (let axis = index.length - 1; axis >= 0 && ++index[axis] === shape[axis]; axis--) index[axis] = 0;
        const ranges: [number, number][] = [...index.map((i): [number, number] => [i, i + 1]), [0, planeShape[0]], [0, planeShape[1]]];
        dataset.write_slice(ranges, data.subarray(plane * planeSize, (plane + 1) * planeSize));
        onPlanes(1);
      }
    }
  }
  dataset.create_attribute("description", description);
  if (units) dataset.create_attribute("units", units);
  return dataset;
}
