#!/usr/bin/python3
"""The ValueSCORE Safety and Cost ratings (seed 002) in pandas: the peer implementation
that `openvalue rate` is timed against (docs/benchmarks.md, section Ratings).

Usage:
  ratings_pandas.py CUR_HAC CUR_ALLDATA PRIOR_HAC [PRIOR_ALLDATA|-] [--costs RAND_CSV] [--mspb MSPB_CSV] [--out FILE]

The four positional files are what ../shared/checks/check_ratings.py passes (current HAC
file, current star-rating extract, prior HAC file, prior star-rating extract; "-" or a
missing file for none). Same rules as scoring/ratings (docs/methodology.md): mid-rank
percentiles with 100 = best, average of reported, -1 (Safety) / -2.8 (Cost) per
unreported metric, exclusion below 3 reported, change adjustment over metrics reported in
both periods, final re-rank. Writes CSV (facility_id, safety_*, cost_*) to --out or stdout.
"""
import sys, os
import numpy as np
import pandas as pd

args = sys.argv[1:]
opts = {}
pos = []
i = 0
while i < len(args):
    if args[i] in ("--costs", "--mspb", "--out"):
        opts[args[i][2:]] = args[i + 1]; i += 2
    else:
        pos.append(args[i]); i += 1
cur_hac, cur_all, prior_hac = pos[0], pos[1], pos[2]
prior_all = pos[3] if len(pos) > 3 and pos[3] not in ("-", "", "None") and os.path.exists(pos[3]) else None

SAFETY = [("psi_90", True), ("op_22", True), ("op_23", False), ("pc_01", True), ("sep_1", False),
          ("clabsi", True), ("cauti", True), ("ssi", True), ("mrsa", True), ("cdi", True)]
COST = [("cost_per_de", True), ("occupancy", False), ("nonmedicare_rev_per_discharge_cmi", False),
        ("medicare_cost_per_discharge_cmi", True), ("admin_cost_per_de", True), ("mspb", True)]
MISSING = ["Not Available", "N/A", "NA", "", ".", "--"]

def ccn(s):
    s = s.astype(str).str.strip().str.upper()
    return s.where(~s.str.fullmatch(r"\d{1,5}"), s.str.zfill(6))

def read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")

def numeric(s):
    s = s.astype(str).str.strip().str.rstrip("*")
    return pd.to_numeric(s.where(~s.isin(MISSING)), errors="coerce")

def first_col(df, names):
    norm = {c.lower().replace(" ", "").replace("_", "").replace("-", ""): c for c in df.columns}
    for n in names:
        k = n.lower().replace(" ", "").replace("_", "").replace("-", "")
        if k in norm:
            return norm[k]
    return None

def safety_table(hac_path, all_path):
    """Safety metric values per CCN: the HAC file's raw values (W Z scores when it has none),
    else the star-rating extract, per metric, whichever first has any value."""
    frames = []
    hac = read(hac_path)
    hid = first_col(hac, ["Facility ID", "Provider ID", "PROVIDER_ID"])
    h = pd.DataFrame({"facility_id": ccn(hac[hid])})
    alld = None
    if all_path:
        a = read(all_path)
        alld = pd.DataFrame({"facility_id": ccn(a["PROVIDER_ID"])})
    hac_cols = {"psi_90": ["PSI 90 Composite Value", "PSI 90 Composite"], "clabsi": ["CLABSI SIR"], "cauti": ["CAUTI SIR"],
                "ssi": ["SSI SIR"], "mrsa": ["MRSA SIR"], "cdi": ["CDI SIR"]}
    wz = {"psi_90": ["PSI 90 W Z Score"], "clabsi": ["CLABSI W Z Score"], "cauti": ["CAUTI W Z Score"],
          "ssi": ["SSI W Z Score"], "mrsa": ["MRSA W Z Score"], "cdi": ["CDI W Z Score"]}
    all_cols = {"psi_90": "PSI_90_SAFETY", "clabsi": "HAI_1", "cauti": "HAI_2", "ssi": "HAI_3", "mrsa": "HAI_5", "cdi": "HAI_6",
                "op_22": "OP_22", "op_23": "OP_23", "pc_01": "PC_01", "sep_1": "SEP_1"}
    out = {}
    # the six HAC-program measures come together from the HAC file when it has raw values
    hac_raw = any(first_col(hac, v) is not None and numeric(hac[first_col(hac, v)]).notna().any() for v in hac_cols.values())
    for m, _ in SAFETY:
        got = None
        c = first_col(hac, hac_cols.get(m, []))
        if m in hac_cols and hac_raw:
            if c is not None:
                got = pd.Series(numeric(hac[c]).values, index=h["facility_id"])
        elif c is not None and numeric(hac[c]).notna().any():
            got = pd.Series(numeric(hac[c]).values, index=h["facility_id"])
        elif alld is not None and all_cols[m] in a.columns and numeric(a[all_cols[m]]).notna().any():
            got = pd.Series(numeric(a[all_cols[m]]).values, index=alld["facility_id"])
        else:
            c = first_col(hac, wz.get(m, []))
            if c is not None and numeric(hac[c]).notna().any():
                got = pd.Series(numeric(hac[c]).values, index=h["facility_id"])
        if got is not None:
            out[m] = got.dropna()
    df = pd.DataFrame(out)
    for m, _ in SAFETY:
        if m not in df:
            df[m] = np.nan
    return df[[m for m, _ in SAFETY]]

def rand_var(cols, v):
    for c in cols:
        if c.rstrip().endswith("[" + v + "]"):
            return c
    return None

def cost_table(rand_path, mspb_path):
    out = {}
    if rand_path:
        r = pd.read_csv(rand_path, dtype=str, keep_default_na=False, encoding="latin-1")
        g = lambda v: numeric(r[rand_var(r.columns, v)]) if rand_var(r.columns, v) else pd.Series(np.nan, index=r.index)
        ids = ccn(r[rand_var(r.columns, "prvdr_num")])
        inT, outT = g("inpat_totcosts"), g("outpat_totcosts")
        tc = inT + outT
        disch = g("all_inpat_discharges")
        de = g("discharge_equivalents")
        de = de.where(de > 0, (disch * tc / inT).where((inT > 0) & (disch > 0)))
        days, avail, occ = g("all_inpat_days"), g("bed_days_available"), g("occupancy")
        cmi = g("impact_cmi")
        ic, oc = g("inpat_charges_subtotal"), g("outpat_charges_subtotal")
        mdisch = g("mdcr_inpat_discharges")
        nonmed = disch - mdisch
        rev = g("net_patient_rev") * ic / (ic + oc) - g("mdcr_inpat_revs")
        opex = g("operating_expenses")
        m = pd.DataFrame(index=ids.values)
        m["cost_per_de"] = (tc / de).where((de > 0) & (tc > 0)).round(2).values
        occp = (100 * days / avail).where((avail > 0) & (days >= 0), 100 * occ.where(occ >= 0)).round(4)
        m["occupancy"] = occp.where(occp <= 100).values
        m["nonmedicare_rev_per_discharge_cmi"] = (rev / nonmed / cmi).where((cmi > 0) & (ic > 0) & (oc >= 0) & (nonmed > 0) & (rev > 0)).round(2).values
        m["medicare_cost_per_discharge_cmi"] = (g("mdcr_inpat_costs") / mdisch / cmi).where((g("mdcr_inpat_costs") > 0) & (mdisch > 0) & (cmi > 0)).round(2).values
        m["admin_cost_per_de"] = ((opex - tc) / de).where((de > 0) & (opex - tc > 0)).round(2).values
        out = m
    else:
        out = pd.DataFrame()
    if mspb_path:
        s = read(mspb_path)
        col = "Value" if "Value" in s.columns else "Score"
        s = s[s["Measure ID"].str.upper().str.replace("_", "-") == "MSPB-1"]
        out = out.join(pd.Series(numeric(s[col]).values, index=ccn(s["Facility ID"]).values, name="mspb"), how="outer") if len(out) else pd.DataFrame({"mspb": pd.Series(numeric(s[col]).values, index=ccn(s["Facility ID"]).values)})
    for m, _ in COST:
        if m not in out:
            out[m] = np.nan
    return out[[m for m, _ in COST]]

def percentiles(df, metrics):
    p = pd.DataFrame(index=df.index)
    for m, lower in metrics:
        col = df[m]
        n = col.notna().sum()
        r = col.rank(method="average", ascending=not lower)
        p[m] = 100 * (r - 1) / (n - 1) if n > 1 else col * 0 + 50.0
    return p

def change_adjustment(start, delta):
    w = np.where(delta > 0, 1 + (50 - start) / 100, 1 + (start - 50) / 100)
    adj = np.clip(0.5 * delta * w, -10, 10)
    return np.round(np.where(delta == 0, 0, adj), 6)

def domain(cur, prior, metrics, per_missing, prefix):
    pc = percentiles(cur, metrics)
    rep = pc.notna().sum(axis=1)
    avg = pc.mean(axis=1).round(6)
    radj = (-per_missing * (len(metrics) - rep)).round(6)
    excluded = rep < 3
    chg = pd.Series(np.nan, index=cur.index)
    if prior is not None and prior.notna().any().any():
        pp = percentiles(prior, metrics).reindex(cur.index)
        both = pc.notna() & pp.notna()
        common = both.sum(axis=1)
        ok = (pp.notna().sum(axis=1) >= 3) & (common > 0)
        pavg = pp.where(both).sum(axis=1) / common
        pavg = pavg.round(6)
        delta = (pc.where(both).sum(axis=1) / common - pavg).round(6)
        chg = pd.Series(change_adjustment(pavg.values, delta.values), index=cur.index).where(ok)
    adjusted = (avg + radj + chg.fillna(0)).round(6).where(~excluded)
    score = percentiles(pd.DataFrame({"a": adjusted}), [("a", False)])["a"].round(6)
    return pd.DataFrame({prefix + "_reported": rep, prefix + "_average": avg, prefix + "_reporting_adjustment": radj,
                         prefix + "_change_adjustment": chg, prefix + "_score": score, prefix + "_excluded": excluded})

cur_s = safety_table(cur_hac, cur_all)
prior_s = safety_table(prior_hac, prior_all) if prior_hac and os.path.exists(prior_hac) else None
cur_c = cost_table(opts.get("costs"), opts.get("mspb"))
ids = cur_s.index.union(cur_c.index)
cur_s, cur_c = cur_s.reindex(ids), cur_c.reindex(ids)
res = domain(cur_s, prior_s, SAFETY, 1.0, "safety").join(domain(cur_c, None, COST, 2.8, "cost"))
res.index.name = "facility_id"
res = res.sort_index()
out = opts.get("out")
res.to_csv(out if out else sys.stdout, float_format="%.6f")
