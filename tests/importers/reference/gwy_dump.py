"""Independent reference reader for Gwyddion .gwy files, used only by the importer tests.

Written from the published GWY file-format description (magic "GWYP", then one serialised
object: name, byte size, typed components), separately from the TypeScript importer, so the
two can check each other. Prints one JSON object: every GwyDataField found under a key
"/N/data" with its title, shape, real size, units and a few statistics.
"""
import json
import struct
import sys

import numpy as np

SCALARS = {"b": "<B", "c": "<c", "i": "<i", "q": "<q", "d": "<d"}
ARRAYS = {"C": ("<u1", 1), "I": ("<i4", 4), "Q": ("<i8", 8), "D": ("<f8", 8)}


def read_cstring(buf, pos):
    end = buf.index(b"\0", pos)
    return buf[pos:end].decode("utf-8"), end + 1


def read_object(buf, pos):
    name, pos = read_cstring(buf, pos)
    (size,) = struct.unpack_from("<I", buf, pos)
    pos += 4
    end = pos + size
    fields = {}
    while pos < end:
        key, pos = read_cstring(buf, pos)
        kind = chr(buf[pos])
        pos += 1
        if kind in SCALARS:
            fmt = SCALARS[kind]
            (value,) = struct.unpack_from(fmt, buf, pos)
            pos += struct.calcsize(fmt)
        elif kind == "s":
            value, pos = read_cstring(buf, pos)
        elif kind == "o":
            value, pos = read_object(buf, pos)
        elif kind in ARRAYS:
            dtype, width = ARRAYS[kind]
            (count,) = struct.unpack_from("<I", buf, pos)
            pos += 4
            value = np.frombuffer(buf, dtype=dtype, count=count, offset=pos)
            pos += count * width
        elif kind == "S":
            (count,) = struct.unpack_from("<I", buf, pos)
            pos += 4
            value = []
            for _ in range(count):
                text, pos = read_cstring(buf, pos)
                value.append(text)
        elif kind == "O":
            (count,) = struct.unpack_from("<I", buf, pos)
            pos += 4
            value = []
            for _ in range(count):
                item, pos = read_object(buf, pos)
                value.append(item)
        else:
            raise ValueError(f"unknown component type {kind!r} at {pos - 1}")
        fields[key] = value
    assert pos == end, (name, pos, end)
    return (name, fields), end


def unit_string(unit):
    return unit[1].get("unitstr", "") if unit else ""


def main(path):
    buf = open(path, "rb").read()
    assert buf[:4] == b"GWYP"
    (_, container), _ = read_object(buf, 4)
    fields = []
    for key, value in container.items():
        parts = key.split("/")
        if len(parts) != 3 or parts[2] != "data" or not isinstance(value, tuple) or value[0] != "GwyDataField":
            continue
        f = value[1]
        xres, yres = f["xres"], f["yres"]
        data = np.asarray(f["data"], dtype=np.float64).reshape(yres, xres)
        fields.append({
            "id": int(parts[1]),
            "title": container.get(f"/{parts[1]}/data/title", ""),
            "xres": xres,
            "yres": yres,
            "xreal": f["xreal"],
            "yreal": f["yreal"],
            "xoff": f.get("xoff", 0.0),
            "yoff": f.get("yoff", 0.0),
            "unit_xy": unit_string(f.get("si_unit_xy")),
            "unit_z": unit_string(f.get("si_unit_z")),
            "min": float(data.min()),
            "max": float(data.max()),
            "mean": float(data.mean()),
            "v00": float(data[0, 0]),
            "v01": float(data[0, 1]),
            "v10": float(data[1, 0]),
        })
    fields.sort(key=lambda f: f["id"])
    print(json.dumps({"fields": fields}))


if __name__ == "__main__":
    main(sys.argv[1])
