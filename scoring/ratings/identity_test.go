package ratings

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"openvalue/internal/testdir"
)

// rateVectors: RateJSON's answers against web/cohort.json, as SHA-256 of the bytes the
// encoding/json-era code wrote, so a change of encoder or reader cannot change a byte.
var rateVectors = []struct{ in, sha string }{
	{`{}`, "201bd13bdd82b87f7c3b007d5323388c6621fbd15f7c0dfaf8e512700815075c"},
	{`{"safety":{"psi_90":1.114,"sep_1":61,"clabsi":0.437},"cost":{"cost_per_de":11727.07,"mspb":1.04}}`, "b02f8eb8b277dfda12d753bc2d963c1688ab8faf2db51476619478d1946070ea"},
	{`{"safety":{"psi_90":0.9,"op_22":1,"op_23":80,"pc_01":0,"sep_1":70},"prior":{"safety":{"psi_90":1.0}},"hacTotalScore":0.1}`, "03a4a7edf4e5956f22f6a5fe214b6fb2db963f0958f1adf2afc50755a2342ef4"},
	{`{"facilityId":"220071","safety":{"psi_90":0.9233,"op_22":4,"pc_01":0,"sep_1":67,"clabsi":0.714,"cauti":0.919,"ssi":1.169,"mrsa":0.511,"cdi":1.013},"cost":{"mspb":1.0,"occupancy":80},"hacTotalScore":0.2013}`, "e267bfb2783fc8a4de95e9562e284dbf8396ad37ed1fd8e6e6c0a7a54d1ea735"},
	{`{"cost":{"cost_per_de":9000,"occupancy":55.5,"nonmedicare_rev_per_discharge_cmi":5649.48,"medicare_cost_per_discharge_cmi":6397.26,"admin_cost_per_de":3679.39,"mspb":0.98},"prior":{"cost":{"mspb":1.01,"cost_per_de":9500}}}`, "cf73a474581a218a4ecb2794f82bb7eb48a8d1cffa43b9d0bfb5a144014582e4"},
	{`{"safety":{"psi_90":"x","nope":1},"extra":[],"prior":{"x":{}}}`, "eb762d704e43243c763b4764ab45058b2b32c8e81cf3a3481a7115b76477397b"},
	{`{"safety":{}} {}`, "e37b7a0f96f458ea253714468c96d5010b2d06595a4ebdd47a44dadc5169d29c"},
	{`not json`, "ff24c0c792e2a11be8e5bf573fe6a0b2be07c3e76d7e066875809164f00a2672"},
	{"{\"name\":\"\xff\",\"safety\":{\"sep_1\":1e400}}", "798107a8ce668c870a090f75e5a9f001dbb7d6d6ae97bfddc8079de6f9601e35"},
	{`{"safety":{"sep_1":5}}}`, "69fd39a4dd01eaec9e76cdc29565c95d259083f383900622391d041022946dd7"},
}

func TestRateJSON_Bytes(t *testing.T) {
	snap, err := os.ReadFile(filepath.Join(testdir.Root(), "web", "cohort.json"))
	if err != nil {
		t.Skipf("no cohort snapshot: %v", err)
	}
	for _, v := range rateVectors {
		out, _ := RateJSON([]byte(v.in), snap)
		s := sha256.Sum256(out)
		if got := hex.EncodeToString(s[:]); got != v.sha {
			t.Errorf("RateJSON(%q): sha256 %s; want %s\n%s", v.in, got, v.sha, out)
		}
	}
	// the snapshot's own encoder writes the committed file back byte for byte
	s, err := ParseSnapshot(snap)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, snap) {
		t.Errorf("ParseSnapshot(web/cohort.json).Encode() differs from the file (%d bytes; want %d)", len(b), len(snap))
	}
}
