# Ratings: the ValueSCORE Safety and Cost domains (seed 002) over the public CMS files.
#
#   make cohort         regenerate web/cohort.json from the FY2024 files (see web/cohort.PROVENANCE.md)
#   make ratings-check  the contract check (../shared/checks/run ratings), timing the pandas peer too
#   make bench-ratings  openvalue rate vs the same rules in pandas (bench/ratings_pandas.py), same files,
#                       same run, plus the Go benchmarks (one hospital vs the snapshot, whole cohort)
#
# The Go tests (go test ./scoring/ratings ./scoring/cmsdata) need nothing beyond Go and the CMS files,
# so `make test` adds no target here; pandas is installed for `make bench` only.

CMS_DATA := $(OPENVALUE_CMS_DATA)
RATINGS_TMP := build/ratings

BENCH_TARGETS += bench-ratings

.PHONY: cohort ratings-check bench-ratings ratings-pandas bin/openvalue-ratings

bin/openvalue-ratings:
	@mkdir -p bin
	$(GO) build -o bin/openvalue ./cmd/openvalue

cohort: bin/openvalue-ratings
	@rm -rf $(RATINGS_TMP) && mkdir -p $(RATINGS_TMP)/cur $(RATINGS_TMP)/prior
	ln -s $(CMS_DATA)/hospitals_07_2024/* $(CMS_DATA)/star_rating/2024_07/alldata_2024jul.csv $(RATINGS_TMP)/cur/
	ln -s $(CMS_DATA)/hac_history/FY2023/* $(RATINGS_TMP)/prior/
	bin/openvalue cohort --current $(RATINGS_TMP)/cur --prior $(RATINGS_TMP)/prior \
		--costs $(CMS_DATA)/hcris/rand_hcris_free_2022_11_01.csv --out web/cohort.json
	@gzip -9c web/cohort.json | wc -c | xargs printf 'web/cohort.json: %s bytes gzip\n'

# Debian's pandas, for the comparison benchmark only (quiet and idempotent).
ratings-pandas:
	@/usr/bin/python3 -c 'import pandas' 2>/dev/null || { \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pandas time) >/dev/null; }
	@test -x /usr/bin/time || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null

ratings-check: bin/openvalue-ratings ratings-pandas
	PEER=bench/ratings_pandas.py OPENVALUE=bin/openvalue ../shared/checks/run ratings

bench-ratings: bin/openvalue-ratings ratings-pandas
	bench/ratings_bench.sh bin/openvalue 7
	$(GO) test -run '^$$' -bench 'SnapshotRate|RateJSON|RateNoWhatIf|RateCohort' -benchtime 2s -count=1 ./scoring/ratings
