#!/bin/bash
# Times `openvalue rate` (both domains, two periods) against bench/ratings_pandas.py (the same
# rules in pandas) on the same public FY2024 files, in the same run; best of N runs each, as
# whole processes, wall and CPU (user + system) time. pandas is also shown
# without its start-up: `python3 -c 'import numpy, pandas'` (the script's imports) is timed
# the same way and subtracted, so the ratio is given with and without interpreter and import
# time. Also checks that both give the same scores.
# Usage: bench/ratings_bench.sh [OPENVALUE] [N]
set -euo pipefail
export LC_ALL=C
ov=${1:-bin/openvalue}
n=${2:-7}
D=${OPENVALUE_CMS_DATA:-../shared/data/cms}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/cur" "$tmp/prior"
hac=$D/hospitals_07_2024/FY_2024_HAC_Reduction_Program_Hospital.csv
all=$D/star_rating/2024_07/alldata_2024jul.csv
mspb=$D/hospitals_07_2024/HOSPITAL_QUARTERLY_MSPB_6_DECIMALS.csv
phac=$D/hac_history/FY2023/FY_2023_HAC_Reduction_Program_Hospital.csv
rand=$D/hcris/rand_hcris_free_2022_11_01.csv
ln -s "$(realpath "$hac")" "$(realpath "$all")" "$(realpath "$mspb")" "$tmp/cur/"
ln -s "$(realpath "$phac")" "$tmp/prior/"
# Timing: each command is run N times, the three interleaved so that all see the same machine
# load; wall time from a monotonic clock, CPU time (user + system, µs resolution) from
# wait4's rusage of the child; the best of the N runs is kept for each.
load0=$(cut -d' ' -f1-3 /proc/loadavg)
/usr/bin/python3 - "$n" "$tmp/times" \
  "$ov" rate --current "$tmp/cur" --prior "$tmp/prior" --costs "$rand" --out "$tmp/go.csv" ";" \
  /usr/bin/python3 bench/ratings_pandas.py "$hac" "$all" "$phac" - --costs "$rand" --mspb "$mspb" --out "$tmp/pd.csv" ";" \
  /usr/bin/python3 -c 'import sys, os; import numpy as np; import pandas as pd' ";" <<'PY'
import os, subprocess, sys, time
n, out, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
cmds, cur = [], []
for a in args:
    if a == ";":
        cmds.append(cur); cur = []
    else:
        cur.append(a)
best = [[1e9, 1e9] for _ in cmds]
for _ in range(n):
    for i, c in enumerate(cmds):
        t0 = time.perf_counter()
        p = subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        if status != 0:
            sys.exit(f"{c[0]} failed: {p.stderr.read().decode()[-500:]}")
        best[i] = [min(best[i][0], wall), min(best[i][1], ru.ru_utime + ru.ru_stime)]
with open(out, "w") as f:
    for w, c in best:
        f.write(f"{w:.4f} {c:.4f}\n")
PY
load1=$(cut -d' ' -f1-3 /proc/loadavg)
{ read -r gw gc; read -r pw pc; read -r iw ic; } <"$tmp/times"
/usr/bin/python3 - "$tmp/go.csv" "$tmp/pd.csv" <<'PY'
import sys, pandas as pd
g = pd.read_csv(sys.argv[1], dtype={"facility_id": str}).set_index("facility_id")
p = pd.read_csv(sys.argv[2], dtype={"facility_id": str}).set_index("facility_id")
ix = g.index.intersection(p.index)
bad = 0
for c in ["safety_average", "safety_change_adjustment", "safety_score", "cost_average", "cost_score"]:
    d = (g.loc[ix, c].astype(float) - p.loc[ix, c].astype(float)).abs()
    bad += int((d > 1e-6).sum()) + int((g.loc[ix, c].isna() != p.loc[ix, c].isna()).sum())
print(f"ratings: {len(ix)} hospitals compared, {bad} differing cells between Go and pandas")
sys.exit(1 if bad else 0)
PY
awk -v gw="$gw" -v gc="$gc" -v pw="$pw" -v pc="$pc" -v iw="$iw" -v ic="$ic" \
    -v n="$n" -v l0="$load0" -v l1="$load1" 'BEGIN{
  printf "ratings: best of %d runs each, load average %s before, %s after (2 cores)\n", n, l0, l1
  printf "ratings: openvalue rate            %.4fs wall  %.4fs CPU\n", gw, gc
  printf "ratings: pandas, whole process     %.4fs wall  %.4fs CPU\n", pw, pc
  printf "ratings: python3 + import pandas   %.4fs wall  %.4fs CPU\n", iw, ic
  printf "ratings: pandas without start-up   %.4fs wall  %.4fs CPU\n", pw-iw, pc-ic
  printf "ratings: Go faster, whole process: %.1fx wall, %.1fx CPU\n", pw/gw, pc/gc
  printf "ratings: Go faster, pandas start-up excluded (Go'"'"'s included): %.1fx wall, %.1fx CPU\n", (pw-iw)/gw, (pc-ic)/gc }'
