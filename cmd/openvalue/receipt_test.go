package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"openvalue/receipt"
)

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, io.Discard)
	return out.String(), err
}

// Rotation: a new key signs, the old one still verifies; --retire leaves only its public half.
func TestReceipt_Rotate(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "k.key")
	if _, err := createKeyFile(keyFile); err != nil {
		t.Fatal(err)
	}
	old, _, err := loadKeys("", keyFile)
	if err != nil {
		t.Fatal(err)
	}
	claims := receipt.Claims{SubmissionID: "s", SubmissionSHA256: receipt.Hash([]byte("d")), Methodology: "m",
		ResultSHA256: receipt.Hash([]byte("r")), Status: receipt.StatusSubmitted, IssuedAt: time.Unix(0, 0)}
	rc, _ := old.Sign(claims)
	rcFile := filepath.Join(dir, "r.json")
	os.WriteFile(rcFile, rc.Marshal(), 0o644)

	for _, retire := range []bool{false, true} {
		args := []string{"receipt", "rotate", "--key", keyFile}
		if retire {
			args = append(args, "--retire")
		}
		out, err := runCLI(t, args...)
		if err != nil {
			t.Fatalf("rotate: %v", err)
		}
		k, _, err := loadKeys("", keyFile)
		if err != nil {
			t.Fatal(err)
		}
		if k.ActiveKeyID() == old.ActiveKeyID() || !strings.Contains(out, k.ActiveKeyID()) {
			t.Errorf("after rotate the active key is %s (old %s); printed %q", k.ActiveKeyID(), old.ActiveKeyID(), out)
		}
		if len(k.JWKS().Keys) < 2 {
			t.Errorf("rotate dropped the old key: %d keys", len(k.JWKS().Keys))
		}
		keysFile := filepath.Join(dir, "keys.json")
		b, _ := json.Marshal(k.JWKS())
		os.WriteFile(keysFile, b, 0o644)
		if out, err := runCLI(t, "receipt", "verify", rcFile, "--keys", keysFile); err != nil || !strings.Contains(out, "OK") {
			t.Errorf("old receipt after rotate (retire=%v): %v %s", retire, err, out)
		}
		if out, err := runCLI(t, "receipt", "verify", "--key", keyFile, rcFile); err != nil || !strings.Contains(out, "OK") {
			t.Errorf("old receipt with the key file: %v %s", err, out)
		}
	}
	material, _ := os.ReadFile(keyFile)
	seeds := 0
	for _, line := range strings.Split(string(material), "\n") {
		if f := strings.TrimSpace(line); f != "" && !strings.HasPrefix(f, "#") && !strings.HasPrefix(f, "pub:") {
			seeds++
		}
	}
	if seeds != 1 {
		t.Errorf("after --retire the key file holds %d private keys; want 1:\n%s", seeds, material)
	}
	if fi, _ := os.Stat(keyFile); fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v; want 0600", fi.Mode().Perm())
	}
}

func TestReceipt_VerifyErrors(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "k.key")
	createKeyFile(keyFile)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"typ":"x"}`), 0o644)
	out, err := runCLI(t, "receipt", "verify", bad, "--key", keyFile)
	var ee exitError
	if !errors.As(err, &ee) || ee.code != 2 || !strings.Contains(out, `"code":"invalid_receipt"`) {
		t.Errorf("malformed receipt: %v %s", err, out)
	}
	if _, err := runCLI(t, "receipt", "verify", bad); err == nil {
		t.Error("verify without keys succeeded")
	}
	if _, err := runCLI(t, "receipt", "verify", filepath.Join(dir, "missing.json"), "--key", keyFile); err == nil || errors.As(err, &ee) {
		t.Errorf("missing file: %v; want an I/O error (exit 1)", err)
	}
}
