#!/bin/bash
# Times `openvalue rate` (both domains, two periods) against bench/ratings_pandas.py (the same
# rules in pandas) on the same public FY2024 files, in the same run; best of N runs each.
# Also checks that both give the same scores. Usage: bench/ratings_bench.sh [OPENVALUE] [N]
set -euo pipefail
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
best() { # best wall time in seconds of N runs of a command
  local b=999
  for _ in $(seq "$n"); do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
    b=$(echo "$e - $s" | bc -l | awk -v b="$b" '{print ($1 < b) ? $1 : b}')
  done
  echo "$b"
}
go_t=$(best "$ov" rate --current "$tmp/cur" --prior "$tmp/prior" --costs "$rand" --out "$tmp/go.csv")
py_t=$(best /usr/bin/python3 bench/ratings_pandas.py "$hac" "$all" "$phac" - --costs "$rand" --mspb "$mspb" --out "$tmp/pd.csv")
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
ratio=$(echo "$py_t / $go_t" | bc -l)
printf 'ratings: openvalue rate %.3fs, pandas %.3fs (best of %d): %.1fx faster\n' "$go_t" "$py_t" "$n" "$ratio"
