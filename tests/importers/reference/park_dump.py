"""Independent reference reader for Park Systems TIFF files, used only by the importer tests.

Written from Park Systems' published header description (tag 50435 holds a little-endian
struct of int32, float64 and fixed-length UTF-16 strings), separately from the TypeScript
importer. Prints the header fields the tests check and the height image in metres, row 0 at
the top as Gwyddion shows it.
"""
import json
import struct
import sys

import numpy as np

UNIT_TO_METRES = {"m": 1.0, "mm": 1e-3, "um": 1e-6, "\u00b5m": 1e-6, "nm": 1e-9, "pm": 1e-12, "A": 1e-10}


def ifd_tags(buf):
    (ifd,) = struct.unpack_from("<I", buf, 4)
    (count,) = struct.unpack_from("<H", buf, ifd)
    tags = {}
    for i in range(count):
        tag, kind, n, value = struct.unpack_from("<HHII", buf, ifd + 2 + 12 * i)
        tags[tag] = (kind, n, value)
    return tags


def utf16(buf, offset, chars):
    return buf[offset:offset + 2 * chars].decode("utf-16-le").split("\0")[0]


def main(path):
    buf = open(path, "rb").read()
    assert buf[:4] == b"II*\0"
    tags = ifd_tags(buf)
    version = tags[50433][2]
    _, header_len, header_at = tags[50435]
    data_at = tags[50434][2]
    h = lambda fmt, off: struct.unpack_from("<" + fmt, buf, header_at + off)[0]
    header = {
        "version": version,
        "header_bytes": header_len,
        "image_type": h("i", 0),
        "source_name": utf16(buf, header_at + 4, 32),
        "image_mode": utf16(buf, header_at + 68, 8),
        "xres": h("i", 100),
        "yres": h("i", 104),
        "scan_up": h("i", 132),
        "xreal_um": h("d", 140),
        "yreal_um": h("d", 148),
        "xoff_um": h("d", 156),
        "yoff_um": h("d", 164),
        "data_gain": h("d", 220),
        "z_scale": h("d", 228),
        "z_offset": h("d", 236),
        "z_unit": utf16(buf, header_at + 244, 8),
        "data_type": h("i", 348),
    }
    dtype = {0: "<i2", 1: "<i4", 2: "<f4"}[header["data_type"]]
    xres, yres = header["xres"], header["yres"]
    raw = np.frombuffer(buf, dtype=dtype, count=xres * yres, offset=data_at).astype(np.float64)
    scale = header["data_gain"] * UNIT_TO_METRES[header["z_unit"]]
    heights = (raw * header["z_scale"] + header["z_offset"]) * scale
    # Stored bottom line first; Gwyddion shows the top line first.
    image = heights.reshape(yres, xres)[::-1]
    print(json.dumps({
        "header": header,
        "min": float(image.min()),
        "max": float(image.max()),
        "mean": float(image.mean()),
        "v00": float(image[0, 0]),
        "v01": float(image[0, 1]),
        "v10": float(image[1, 0]),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
