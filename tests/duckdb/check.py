"""DuckDB reproduces the report's outcome counts, from the flat export and from the raw
records, with the SQL that docs/reports.md gives (so the documented SQL is the tested SQL).

    python tests/duckdb/check.py REPORT_BINARY

Runs `report examples/records/history.jsonl --year 2024 --format json --flat DIR`, then
every ```sql block of docs/reports.md marked `-- check: raw` or `-- check: flat`, in a
directory holding `history.jsonl` and `flat/` as the document says, and compares each
result with the report's own outcome counts. Exits 1 on any difference.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

import duckdb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def blocks(marker):
    text = open(os.path.join(ROOT, "docs", "reports.md"), encoding="utf-8").read()
    found = [b for b in re.findall(r"```sql\n(.*?)```", text, re.S) if f"-- check: {marker}" in b]
    if len(found) != 1:
        sys.exit(f"FAIL docs/reports.md: expected one sql block marked `-- check: {marker}`, found {len(found)}")
    return found[0]


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as work:
        history = os.path.join(ROOT, "examples", "records", "history.jsonl")
        os.symlink(history, os.path.join(work, "history.jsonl"))
        out = subprocess.run(
            [binary, history, "--year", "2024", "--format", "json", "--flat", os.path.join(work, "flat")],
            check=True, capture_output=True, text=True,
        ).stdout
        report = json.loads(out)
        expected = sorted(
            (s["id"], o["outcome"], o["cases"])
            for s in report["rule_sets"] for o in s["outcomes"] if o["cases"] > 0
        )
        if not expected:
            sys.exit("FAIL the report counted no cases: nothing to compare")
        os.chdir(work)
        failed = False
        for marker in ["flat", "raw"]:
            rows = duckdb.sql(blocks(marker)).fetchall()
            got = sorted((r[0], r[1], int(r[2])) for r in rows)
            status = "ok" if got == expected else "FAIL"
            failed |= got != expected
            print(f"{status} DuckDB {duckdb.__version__} over the {marker} data: {got}")
        if failed:
            print(f"expected (the report): {expected}")
            sys.exit(1)


if __name__ == "__main__":
    main()
