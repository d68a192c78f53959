"""Independent reference parse of a SurfaceLab depth-profile ASCII export, for the importer tests.

Uses Python's csv module on the tab-separated text, separately from the TypeScript importer: the
ion-name row and the m/z row are the comment rows whose first four cells are empty, the column row
starts with "#Data Point #", and data rows follow. Prints the parts the tests compare.
"""
import csv
import json
import math
import sys


def cells(row):
    while row and row[-1].strip() == "":
        row = row[:-1]
    return row


def number(text):
    value = float(text)
    return value if math.isfinite(value) else None


def main(path):
    with open(path, newline="") as handle:
        rows = [cells(row) for row in csv.reader(handle, delimiter="\t")]
    column_row = next(i for i, row in enumerate(rows) if row and row[0] == "#Data Point #")
    names, masses = [row for row in rows[:column_row] if row[:4] == ["#", "", "", ""]][:2]
    data = [row for row in rows[column_row + 1:] if row and not row[0].startswith("#")]
    print(json.dumps({
        "ions": names[4:],
        "masses": [None if m == "N/A" else float(m) for m in masses[4:]],
        "columns": rows[column_row],
        "points": len(data),
        "sputter_time": [float(row[1]) for row in data],
        "first_row": [number(x) for x in data[0]],
        "last_row": [number(x) for x in data[-1]],
    }))


if __name__ == "__main__":
    main(sys.argv[1])
