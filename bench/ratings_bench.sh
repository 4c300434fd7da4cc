#!/bin/bash
# Times `openvalue rate` (both domains, two periods) against bench/ratings_pandas.py (the same
# rules in pandas) on the same public FY2024 files, in the same run; best of N runs each.
# Also checks that both give the same scores. Usage: bench/ratings_bench.sh [OPENVALUE] [N]
set -euo pipefail
export LC_ALL=C
ov=${1:-bin/openvalue}
n=${2:-5}
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
# best wall time and best CPU time (user+sys) in seconds of N runs of a command: the machine is
# shared, so CPU time is the steadier measure of the work each implementation does.
best() {
  local bw=999 bc=999
  for _ in $(seq "$n"); do
    /usr/bin/time -o "$tmp/time" -f "%e %U %S" "$@" >/dev/null 2>&1
    read -r w u s <"$tmp/time"
    bw=$(awk -v a="$w" -v b="$bw" 'BEGIN{print (a < b) ? a : b}')
    bc=$(awk -v a="$u" -v c="$s" -v b="$bc" 'BEGIN{x=a+c; print (x < b) ? x : b}')
  done
  echo "$bw $bc"
}
read -r go_w go_c <<<"$(best "$ov" rate --current "$tmp/cur" --prior "$tmp/prior" --costs "$rand" --out "$tmp/go.csv")"
read -r py_w py_c <<<"$(best /usr/bin/python3 bench/ratings_pandas.py "$hac" "$all" "$phac" - --costs "$rand" --mspb "$mspb" --out "$tmp/pd.csv")"
"$ov" rate --current "$tmp/cur" --prior "$tmp/prior" --costs "$rand" --out "$tmp/go.csv" 2>/dev/null
/usr/bin/python3 bench/ratings_pandas.py "$hac" "$all" "$phac" - --costs "$rand" --mspb "$mspb" --out "$tmp/pd.csv"
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
awk -v gw="$go_w" -v gc="$go_c" -v pw="$py_w" -v pc="$py_c" -v n="$n" 'BEGIN{
  printf "ratings: openvalue rate %.3fs wall / %.3fs CPU; pandas %.3fs wall / %.3fs CPU (best of %d)\n", gw, gc, pw, pc, n
  printf "ratings: Go is %.1fx faster in wall time, %.1fx in CPU time (load average %s)\n", pw/gw, pc/gc, "'"$(cut -d' ' -f1 /proc/loadavg)"'" }'
