package sqlite_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"openvalue/server"
	"openvalue/server/sqlite"
)

const crashChildEnv = "OPENVALUE_SQLITE_CRASH_CHILD"

func crashDoc(id string) []byte {
	return []byte(`{"id":"` + id + `","narrative":"` + strings.Repeat(id+" ", 2000) + `"}`)
}

// TestCrash_SIGKILL kills a process with SIGKILL while it creates submissions and saves reviews
// from many goroutines, then reopens the file: every write the process had acknowledged (printed
// after the method returned) must be there, intact.
func TestCrash_SIGKILL(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(path)
		return
	}
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrash_SIGKILL$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	subs, reviews := map[string]bool{}, map[string]string{} // review id -> submission id
	sc := bufio.NewScanner(out)
	killed := false
	deadline := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "sub":
			subs[f[1]] = true
		case len(f) == 3 && f[0] == "review":
			reviews[f[1]] = f[2]
		}
		// Kill in the middle of the burst, once reviews are flowing too; keep reading what the
		// child acknowledged before it died.
		if !killed && len(subs) >= 400 && len(reviews) >= 20 {
			killed = true
			cmd.Process.Signal(syscall.SIGKILL)
		}
	}
	err = cmd.Wait()
	if !killed {
		t.Fatalf("child ended before the kill (%d subs, %d reviews acknowledged): %v\n%s", len(subs), len(reviews), err, stderr.Bytes())
	}

	db := MustOpen(t, path)
	ctx := context.Background()
	lost := 0
	for id := range subs {
		s, err := db.GetSubmission(ctx, id)
		if err != nil || !bytes.Equal(s.Document, crashDoc(id)) {
			lost++
			if lost <= 5 {
				t.Errorf("acknowledged submission %s after SIGKILL: %v", id, err)
			}
		}
	}
	for rid, sid := range reviews {
		rs, err := db.ListReviews(ctx, sid)
		found := false
		for _, r := range rs {
			found = found || r.ID == rid
		}
		s, gerr := db.GetSubmission(ctx, sid)
		if err != nil || gerr != nil || !found || s.Status != "verified" || s.Version < 2 {
			lost++
			t.Errorf("acknowledged review %s of %s after SIGKILL: found=%v status=%q version=%d (%v, %v)", rid, sid, found, s.Status, s.Version, err, gerr)
		}
	}
	t.Logf("SIGKILL after %d submissions and %d reviews acknowledged; %d lost", len(subs), len(reviews), lost)
	// The store still takes writes after recovery.
	if err := db.CreateSubmission(ctx, server.Submission{ID: "after", Status: "submitted", Version: 1, CreatedAt: time.Now(), UpdatedAt: time.Now()}); err != nil {
		t.Errorf("CreateSubmission after recovery = %v", err)
	}
}

// crashChild writes until it is killed, printing each acknowledged write.
func crashChild(path string) {
	db, err := sqlite.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var mu sync.Mutex
	ack := func(format string, a ...any) {
		mu.Lock()
		fmt.Fprintf(os.Stdout, format, a...)
		mu.Unlock()
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1_000_000; i++ {
				id := fmt.Sprintf("s-%d-%d", g, i)
				now := time.Now()
				s := server.Submission{ID: id, TokenHash: []byte(id), Document: crashDoc(id), Status: "submitted",
					Result: []byte(`{}`), Receipt: []byte(`{}`), Version: 1, CreatedAt: now, UpdatedAt: now}
				if err := db.CreateSubmission(ctx, s); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				ack("sub %s\n", id)
				if g%4 == 0 && i%5 == 0 { // a review in flight alongside the submissions
					rid := "r-" + id
					r := server.Review{ID: rid, SubmissionID: id, ReviewerID: "rv", ReviewerName: "Ada", BaseVersion: 1,
						Decisions: []byte(`{}`), Status: "verified", Result: []byte(`{"verified":true}`), Receipt: []byte(`{}`), CreatedAt: now}
					if err := db.SaveReview(ctx, r); err != nil {
						fmt.Fprintln(os.Stderr, err)
						os.Exit(1)
					}
					ack("review %s %s\n", rid, id)
				}
			}
		}()
	}
	wg.Wait()
	os.Exit(0)
}
