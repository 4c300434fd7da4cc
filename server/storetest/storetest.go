// Package storetest is the conformance suite every server.Store passes: server/sqlite and
// server/postgres run it against real databases.
//
// It checks each method's results field by field, the ErrNotFound / ErrConflict contract (and that
// a refused write changes nothing), the SaveReview optimistic concurrency, round trips of large
// and binary values and of times (to the microsecond, the precision both stores keep), and the
// behaviour under many goroutines submitting and reviewing at once.
//
// Contract details the interface leaves open, fixed here for every store:
//   - ListSubmissions with a limit of 0 or less returns every match.
//   - ListSubmissions orders by CreatedAt, then by insertion; ListReviews by insertion.
//   - ListReviews of an unknown submission returns no reviews and no error.
//   - SaveReview sets the submission's UpdatedAt to the review's CreatedAt; a duplicate review
//     id is ErrConflict.
//   - Times come back in UTC, truncated to the microsecond.
//   - A write called with an already cancelled context fails and writes nothing.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"openvalue/server"
)

// Run runs the suite. open must return a new, empty store for each call; Run closes it when the
// subtest ends (Close may be called more than once).
func Run(t *testing.T, open func(t *testing.T) server.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s server.Store)
	}{
		{"Drafts", testDrafts},
		{"Submissions", testSubmissions},
		{"LargeAndBinaryValues", testLargeValues},
		{"ListSubmissions", testListSubmissions},
		{"SaveReview", testSaveReview},
		{"SaveReviewRefusals", testSaveReviewRefusals},
		{"Reviewers", testReviewers},
		{"CancelledContext", testCancelled},
		{"ConcurrentCreate", testConcurrentCreate},
		{"ConcurrentSubmitAndReview", testConcurrentSubmitAndReview},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close() = %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// base is a fixed instant with microseconds, in a non-UTC zone, so a store that drops precision
// or zones shows it.
var base = time.Date(2026, 3, 14, 15, 9, 26, 535897000, time.FixedZone("CET", 3600))

func hash(s string) []byte {
	h := make([]byte, 32)
	copy(h, s)
	h[31] = 0x00 // keep a zero byte in every hash: blobs, not strings
	h[0] ^= 0xff
	return h
}

func submission(id string, at time.Time) server.Submission {
	return server.Submission{
		ID:        id,
		TokenHash: hash("token-" + id),
		Document:  []byte(`{"organization":{"name":"` + id + `"},"infram":{"security":{"s3_q2":"yes"}}}`),
		Status:    "submitted",
		Result:    []byte(`{"methodology":"test","status":"estimated","id":"` + id + `"}`),
		Receipt:   []byte(`{"submissionId":"` + id + `","signature":"c2ln"}`),
		Version:   1,
		CreatedAt: at,
		UpdatedAt: at,
	}
}

func review(id, sub string, baseVersion int, at time.Time) server.Review {
	return server.Review{
		ID:           id,
		SubmissionID: sub,
		ReviewerID:   "rv-1",
		ReviewerName: "Ada Reviewer",
		BaseVersion:  baseVersion,
		Decisions:    []byte(`{"caseStudies":[{"id":"cs1","decision":"accepted"}],"review":"` + id + `"}`),
		Status:       "verified",
		Result:       []byte(`{"methodology":"test","status":"verified","review":"` + id + `"}`),
		Receipt:      []byte(`{"submissionId":"` + sub + `","review":"` + id + `"}`),
		CreatedAt:    at,
	}
}

// sameTime compares times as stored: UTC, microsecond precision.
func sameTime(got, want time.Time) bool {
	return got.Equal(want.Truncate(time.Microsecond)) && got.Location() == time.UTC
}

func checkDraft(t *testing.T, got, want server.Draft) {
	t.Helper()
	if got.ID != want.ID || !bytes.Equal(got.TokenHash, want.TokenHash) || !bytes.Equal(got.Document, want.Document) ||
		!sameTime(got.CreatedAt, want.CreatedAt) || !sameTime(got.UpdatedAt, want.UpdatedAt) {
		t.Errorf("draft = %+v\nwant %+v", got, want)
	}
}

func checkSubmission(t *testing.T, got, want server.Submission) {
	t.Helper()
	if got.ID != want.ID || !bytes.Equal(got.TokenHash, want.TokenHash) || !bytes.Equal(got.Document, want.Document) ||
		got.Status != want.Status || !bytes.Equal(got.Result, want.Result) || !bytes.Equal(got.Receipt, want.Receipt) ||
		got.Version != want.Version || !sameTime(got.CreatedAt, want.CreatedAt) || !sameTime(got.UpdatedAt, want.UpdatedAt) {
		t.Errorf("submission = %s\nwant %s", fmtSubmission(got), fmtSubmission(want))
	}
}

func fmtSubmission(s server.Submission) string {
	return fmt.Sprintf("{ID:%s TokenHash:%x Status:%s Version:%d CreatedAt:%v UpdatedAt:%v Document:%.80q Result:%.80q Receipt:%.80q}",
		s.ID, s.TokenHash, s.Status, s.Version, s.CreatedAt, s.UpdatedAt, s.Document, s.Result, s.Receipt)
}

func checkReview(t *testing.T, got, want server.Review) {
	t.Helper()
	if got.ID != want.ID || got.SubmissionID != want.SubmissionID || got.ReviewerID != want.ReviewerID ||
		got.ReviewerName != want.ReviewerName || got.BaseVersion != want.BaseVersion ||
		!bytes.Equal(got.Decisions, want.Decisions) || got.Status != want.Status ||
		!bytes.Equal(got.Result, want.Result) || !bytes.Equal(got.Receipt, want.Receipt) ||
		!sameTime(got.CreatedAt, want.CreatedAt) {
		t.Errorf("review = %+v\nwant %+v", got, want)
	}
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s = %v; want %v", what, err, want)
	}
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s = %v", what, err)
	}
}

func testDrafts(t *testing.T, s server.Store) {
	ctx := context.Background()
	_, err := s.GetDraft(ctx, "d-missing")
	wantErr(t, "GetDraft(missing)", err, server.ErrNotFound)
	wantErr(t, "UpdateDraft(missing)", s.UpdateDraft(ctx, "d-missing", []byte(`{}`), base), server.ErrNotFound)

	d := server.Draft{ID: "d-1", TokenHash: hash("d-1"), Document: []byte(`{"organization":{"name":"A"}}`), CreatedAt: base, UpdatedAt: base}
	must(t, "CreateDraft", s.CreateDraft(ctx, d))
	got, err := s.GetDraft(ctx, d.ID)
	must(t, "GetDraft", err)
	checkDraft(t, got, d)

	dup := d
	dup.TokenHash, dup.Document = hash("other"), []byte(`{"other":true}`)
	wantErr(t, "CreateDraft(duplicate id)", s.CreateDraft(ctx, dup), server.ErrConflict)
	got, err = s.GetDraft(ctx, d.ID)
	must(t, "GetDraft after refused duplicate", err)
	checkDraft(t, got, d)

	later := base.Add(90 * time.Minute)
	doc := []byte(`{"organization":{"name":"A"},"infram":{}}`)
	must(t, "UpdateDraft", s.UpdateDraft(ctx, d.ID, doc, later))
	got, err = s.GetDraft(ctx, d.ID)
	must(t, "GetDraft after update", err)
	want := d
	want.Document, want.UpdatedAt = doc, later
	checkDraft(t, got, want)

	// Drafts are independent of one another.
	d2 := server.Draft{ID: "d-2", TokenHash: hash("d-2"), Document: []byte(`{}`), CreatedAt: later, UpdatedAt: later}
	must(t, "CreateDraft(second)", s.CreateDraft(ctx, d2))
	got, err = s.GetDraft(ctx, d.ID)
	must(t, "GetDraft(first) after second", err)
	checkDraft(t, got, want)
}

func testSubmissions(t *testing.T, s server.Store) {
	ctx := context.Background()
	_, err := s.GetSubmission(ctx, "s-missing")
	wantErr(t, "GetSubmission(missing)", err, server.ErrNotFound)

	sub := submission("s-1", base)
	must(t, "CreateSubmission", s.CreateSubmission(ctx, sub))
	got, err := s.GetSubmission(ctx, sub.ID)
	must(t, "GetSubmission", err)
	checkSubmission(t, got, sub)

	dup := submission("s-1", base.Add(time.Hour))
	dup.Document, dup.TokenHash = []byte(`{"intruder":true}`), hash("intruder")
	wantErr(t, "CreateSubmission(duplicate id)", s.CreateSubmission(ctx, dup), server.ErrConflict)
	got, err = s.GetSubmission(ctx, sub.ID)
	must(t, "GetSubmission after refused duplicate", err)
	checkSubmission(t, got, sub)

	// Submissions and drafts are separate name spaces.
	_, err = s.GetDraft(ctx, sub.ID)
	wantErr(t, "GetDraft(submission id)", err, server.ErrNotFound)

	// No reviews yet.
	rs, err := s.ListReviews(ctx, sub.ID)
	must(t, "ListReviews", err)
	if len(rs) != 0 {
		t.Errorf("ListReviews(new submission) = %d reviews; want 0", len(rs))
	}
	rs, err = s.ListReviews(ctx, "s-missing")
	must(t, "ListReviews(missing)", err)
	if len(rs) != 0 {
		t.Errorf("ListReviews(missing) = %d reviews; want 0", len(rs))
	}
}

func testLargeValues(t *testing.T, s server.Store) {
	ctx := context.Background()
	// A 1 MiB document with every byte value and a large result: blobs must come back byte for byte.
	doc := make([]byte, 1<<20)
	for i := range doc {
		doc[i] = byte(i * 7)
	}
	sub := submission("s-large", base)
	sub.Document, sub.Result = doc, bytes.Repeat([]byte(`{"x":"é€😀"}`), 20000)
	sub.TokenHash = []byte{0, 0, 0, 1, 0xff, 0xfe, 0}
	must(t, "CreateSubmission(1 MiB)", s.CreateSubmission(ctx, sub))
	got, err := s.GetSubmission(ctx, sub.ID)
	must(t, "GetSubmission(1 MiB)", err)
	checkSubmission(t, got, sub)

	// Empty values are values.
	empty := submission("s-empty", base)
	empty.Receipt, empty.Result = []byte{}, nil
	must(t, "CreateSubmission(empty receipt)", s.CreateSubmission(ctx, empty))
	got, err = s.GetSubmission(ctx, empty.ID)
	must(t, "GetSubmission(empty receipt)", err)
	checkSubmission(t, got, empty)

	// Ids are opaque text.
	odd := submission("s-'; DROP TABLE submissions; --é", base)
	must(t, "CreateSubmission(odd id)", s.CreateSubmission(ctx, odd))
	got, err = s.GetSubmission(ctx, odd.ID)
	must(t, "GetSubmission(odd id)", err)
	checkSubmission(t, got, odd)

	// Times far from now and before 1970.
	for i, at := range []time.Time{time.Date(1969, 7, 20, 20, 17, 40, 123456000, time.UTC), time.Date(2262, 1, 1, 0, 0, 0, 999999000, time.UTC)} {
		d := server.Draft{ID: fmt.Sprintf("d-time-%d", i), TokenHash: hash("t"), Document: []byte(`{}`), CreatedAt: at, UpdatedAt: at.Add(time.Nanosecond * 999)}
		must(t, "CreateDraft(time)", s.CreateDraft(ctx, d))
		gotD, err := s.GetDraft(ctx, d.ID)
		must(t, "GetDraft(time)", err)
		checkDraft(t, gotD, d)
	}
}

func testListSubmissions(t *testing.T, s server.Store) {
	ctx := context.Background()
	got, err := s.ListSubmissions(ctx, "submitted", 10)
	must(t, "ListSubmissions(empty store)", err)
	if len(got) != 0 {
		t.Errorf("ListSubmissions(empty store) = %d; want 0", len(got))
	}
	// Created out of time order, two with the same instant (insertion order breaks the tie).
	subs := []server.Submission{
		submission("s-c", base.Add(3*time.Minute)),
		submission("s-a", base.Add(1*time.Minute)),
		submission("s-v", base),
		submission("s-b1", base.Add(2*time.Minute)),
		submission("s-b2", base.Add(2*time.Minute)),
	}
	subs[2].Status = "verified"
	for _, sub := range subs {
		must(t, "CreateSubmission "+sub.ID, s.CreateSubmission(ctx, sub))
	}
	ids := func(ss []server.Submission) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return out
	}
	for _, tc := range []struct {
		status string
		limit  int
		want   []string
	}{
		{"submitted", 10, []string{"s-a", "s-b1", "s-b2", "s-c"}},
		{"submitted", 2, []string{"s-a", "s-b1"}},
		{"submitted", 0, []string{"s-a", "s-b1", "s-b2", "s-c"}},
		{"submitted", -1, []string{"s-a", "s-b1", "s-b2", "s-c"}},
		{"verified", 10, []string{"s-v"}},
		{"unknown", 10, nil},
	} {
		got, err := s.ListSubmissions(ctx, tc.status, tc.limit)
		must(t, "ListSubmissions", err)
		if fmt.Sprint(ids(got)) != fmt.Sprint(tc.want) {
			t.Errorf("ListSubmissions(%q, %d) = %v; want %v", tc.status, tc.limit, ids(got), tc.want)
		}
	}
	// Full rows, not just ids.
	got, err = s.ListSubmissions(ctx, "submitted", 1)
	must(t, "ListSubmissions", err)
	if len(got) == 1 {
		checkSubmission(t, got[0], subs[1])
	}
}

func testSaveReview(t *testing.T, s server.Store) {
	ctx := context.Background()
	sub := submission("s-r", base)
	must(t, "CreateSubmission", s.CreateSubmission(ctx, sub))

	r1 := review("r-1", sub.ID, 1, base.Add(time.Hour))
	must(t, "SaveReview(r-1)", s.SaveReview(ctx, r1))
	got, err := s.GetSubmission(ctx, sub.ID)
	must(t, "GetSubmission", err)
	want := sub
	want.Status, want.Result, want.Receipt, want.Version, want.UpdatedAt = r1.Status, r1.Result, r1.Receipt, 2, r1.CreatedAt
	checkSubmission(t, got, want)

	// A verified submission leaves the review queue.
	queue, err := s.ListSubmissions(ctx, "submitted", 0)
	must(t, "ListSubmissions", err)
	if len(queue) != 0 {
		t.Errorf("ListSubmissions(submitted) after review = %d; want 0", len(queue))
	}
	verified, err := s.ListSubmissions(ctx, "verified", 0)
	must(t, "ListSubmissions(verified)", err)
	if len(verified) != 1 {
		t.Fatalf("ListSubmissions(verified) = %d; want 1", len(verified))
	}
	checkSubmission(t, verified[0], want)

	// A second review, made on version 2 (an earlier created_at than the first: order is by insertion).
	r2 := review("r-2", sub.ID, 2, base.Add(30*time.Minute))
	r2.ReviewerID, r2.ReviewerName, r2.Status = "rv-2", "Grace", "submitted"
	must(t, "SaveReview(r-2)", s.SaveReview(ctx, r2))
	got, err = s.GetSubmission(ctx, sub.ID)
	must(t, "GetSubmission", err)
	want.Status, want.Result, want.Receipt, want.Version, want.UpdatedAt = r2.Status, r2.Result, r2.Receipt, 3, r2.CreatedAt
	checkSubmission(t, got, want)

	rs, err := s.ListReviews(ctx, sub.ID)
	must(t, "ListReviews", err)
	if len(rs) != 2 {
		t.Fatalf("ListReviews = %d reviews; want 2", len(rs))
	}
	checkReview(t, rs[0], r1)
	checkReview(t, rs[1], r2)

	// The document itself never changes.
	if !bytes.Equal(got.Document, sub.Document) {
		t.Errorf("document changed by a review")
	}
}

func testSaveReviewRefusals(t *testing.T, s server.Store) {
	ctx := context.Background()
	sub := submission("s-x", base)
	must(t, "CreateSubmission", s.CreateSubmission(ctx, sub))
	other := submission("s-y", base)
	must(t, "CreateSubmission", s.CreateSubmission(ctx, other))

	wantErr(t, "SaveReview(missing submission)", s.SaveReview(ctx, review("r-m", "s-missing", 1, base)), server.ErrNotFound)
	wantErr(t, "SaveReview(future base version)", s.SaveReview(ctx, review("r-f", sub.ID, 2, base)), server.ErrConflict)
	wantErr(t, "SaveReview(base version 0)", s.SaveReview(ctx, review("r-0", sub.ID, 0, base)), server.ErrConflict)

	r1 := review("r-1", sub.ID, 1, base.Add(time.Hour))
	must(t, "SaveReview", s.SaveReview(ctx, r1))
	stale := review("r-stale", sub.ID, 1, base.Add(2*time.Hour))
	stale.Result = []byte(`{"stale":true}`)
	wantErr(t, "SaveReview(stale base version)", s.SaveReview(ctx, stale), server.ErrConflict)

	// The same review id again, even on the right version and another submission, is refused.
	again := review("r-1", other.ID, 1, base.Add(3*time.Hour))
	wantErr(t, "SaveReview(duplicate review id)", s.SaveReview(ctx, again), server.ErrConflict)

	// Refusals wrote nothing.
	got, err := s.GetSubmission(ctx, sub.ID)
	must(t, "GetSubmission", err)
	want := sub
	want.Status, want.Result, want.Receipt, want.Version, want.UpdatedAt = r1.Status, r1.Result, r1.Receipt, 2, r1.CreatedAt
	checkSubmission(t, got, want)
	got, err = s.GetSubmission(ctx, other.ID)
	must(t, "GetSubmission(other)", err)
	checkSubmission(t, got, other)
	rs, err := s.ListReviews(ctx, sub.ID)
	must(t, "ListReviews", err)
	if len(rs) != 1 {
		t.Fatalf("ListReviews = %d; want 1 (refused reviews must not be kept)", len(rs))
	}
	checkReview(t, rs[0], r1)
	for _, id := range []string{other.ID, "s-missing"} {
		rs, err := s.ListReviews(ctx, id)
		must(t, "ListReviews", err)
		if len(rs) != 0 {
			t.Errorf("ListReviews(%s) = %d; want 0", id, len(rs))
		}
	}
}

func testReviewers(t *testing.T, s server.Store) {
	ctx := context.Background()
	_, err := s.ReviewerByTokenHash(ctx, hash("nobody"))
	wantErr(t, "ReviewerByTokenHash(unknown)", err, server.ErrNotFound)

	ada := server.Reviewer{ID: "rv-1", Name: "Ada", TokenHash: hash("ada"), CreatedAt: base}
	must(t, "AddReviewer", s.AddReviewer(ctx, ada))
	grace := server.Reviewer{ID: "rv-2", Name: "Grace", TokenHash: hash("grace"), CreatedAt: base.Add(time.Second)}
	must(t, "AddReviewer", s.AddReviewer(ctx, grace))

	for _, want := range []server.Reviewer{ada, grace} {
		got, err := s.ReviewerByTokenHash(ctx, want.TokenHash)
		must(t, "ReviewerByTokenHash", err)
		if got.ID != want.ID || got.Name != want.Name || !bytes.Equal(got.TokenHash, want.TokenHash) || !sameTime(got.CreatedAt, want.CreatedAt) {
			t.Errorf("ReviewerByTokenHash = %+v; want %+v", got, want)
		}
	}
	for _, tc := range []struct {
		what string
		r    server.Reviewer
	}{
		{"same name", server.Reviewer{ID: "rv-3", Name: "Ada", TokenHash: hash("new"), CreatedAt: base}},
		{"same token", server.Reviewer{ID: "rv-4", Name: "Alan", TokenHash: hash("grace"), CreatedAt: base}},
		{"same id", server.Reviewer{ID: "rv-1", Name: "Edsger", TokenHash: hash("edsger"), CreatedAt: base}},
	} {
		wantErr(t, "AddReviewer("+tc.what+")", s.AddReviewer(ctx, tc.r), server.ErrConflict)
		_, err := s.ReviewerByTokenHash(ctx, tc.r.TokenHash)
		if tc.what != "same token" {
			wantErr(t, "ReviewerByTokenHash(refused "+tc.what+")", err, server.ErrNotFound)
		}
	}
	// A prefix of a token hash is not the token hash.
	_, err = s.ReviewerByTokenHash(ctx, ada.TokenHash[:16])
	wantErr(t, "ReviewerByTokenHash(prefix)", err, server.ErrNotFound)
}

func testCancelled(t *testing.T, s server.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.CreateSubmission(ctx, submission("s-cancelled", base)); err == nil {
		t.Errorf("CreateSubmission(cancelled context) = nil; want an error")
	}
	if err := s.CreateDraft(ctx, server.Draft{ID: "d-cancelled", TokenHash: hash("x"), Document: []byte(`{}`), CreatedAt: base, UpdatedAt: base}); err == nil {
		t.Errorf("CreateDraft(cancelled context) = nil; want an error")
	}
	bg := context.Background()
	_, err := s.GetSubmission(bg, "s-cancelled")
	wantErr(t, "GetSubmission after a cancelled create", err, server.ErrNotFound)
	_, err = s.GetDraft(bg, "d-cancelled")
	wantErr(t, "GetDraft after a cancelled create", err, server.ErrNotFound)
	// The store still works.
	must(t, "CreateSubmission after a cancelled one", s.CreateSubmission(bg, submission("s-after", base)))
}

// testConcurrentCreate races writers on the same ids: exactly one wins each id, the others see
// ErrConflict, and the winner's row is intact.
func testConcurrentCreate(t *testing.T, s server.Store) {
	ctx := context.Background()
	const ids, racers = 20, 8
	var wins [ids]atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, ids*racers)
	for r := 0; r < racers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < ids; i++ {
				sub := submission(fmt.Sprintf("s-race-%d", i), base)
				sub.Receipt = []byte(fmt.Sprintf(`{"racer":%d}`, r))
				err := s.CreateSubmission(ctx, sub)
				switch {
				case err == nil:
					wins[i].Add(1)
				case !errors.Is(err, server.ErrConflict):
					errs <- fmt.Errorf("CreateSubmission(%s) = %v; want nil or ErrConflict", sub.ID, err)
				}
				d := server.Draft{ID: sub.ID, TokenHash: hash(sub.ID), Document: sub.Document, CreatedAt: base, UpdatedAt: base}
				if err := s.CreateDraft(ctx, d); err != nil && !errors.Is(err, server.ErrConflict) {
					errs <- fmt.Errorf("CreateDraft(%s) = %v; want nil or ErrConflict", d.ID, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i := range wins {
		if n := wins[i].Load(); n != 1 {
			t.Errorf("s-race-%d: %d creations succeeded; want exactly 1", i, n)
		}
		got, err := s.GetSubmission(ctx, fmt.Sprintf("s-race-%d", i))
		must(t, "GetSubmission", err)
		if got.Version != 1 || !bytes.HasPrefix(got.Receipt, []byte(`{"racer":`)) {
			t.Errorf("s-race-%d = %s; want an intact first version", i, fmtSubmission(got))
		}
	}
}

// testConcurrentSubmitAndReview has many goroutines submitting while reviewers race to review
// the same submissions with optimistic concurrency (read the version, try, retry on conflict).
// Afterwards every acknowledged submission is there intact, and each submission's reviews form
// one unbroken chain of versions: no lost update, no review kept for a refused save.
func testConcurrentSubmitAndReview(t *testing.T, s server.Store) {
	ctx := context.Background()
	const submitters, perSubmitter = 16, 25
	const reviewers, reviewsEach, targets = 6, 15, 5

	for i := 0; i < targets; i++ {
		must(t, "CreateSubmission(target)", s.CreateSubmission(ctx, submission(fmt.Sprintf("s-target-%d", i), base)))
	}
	var wg sync.WaitGroup
	errs := make(chan error, submitters*perSubmitter+reviewers*reviewsEach*4+1)
	var saved [targets]atomic.Int32
	var conflicts atomic.Int32

	for g := 0; g < submitters; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perSubmitter; i++ {
				sub := submission(fmt.Sprintf("s-%d-%d", g, i), base.Add(time.Duration(g*perSubmitter+i)*time.Millisecond))
				if err := s.CreateSubmission(ctx, sub); err != nil {
					errs <- fmt.Errorf("CreateSubmission(%s) = %v", sub.ID, err)
					continue
				}
				got, err := s.GetSubmission(ctx, sub.ID) // read-your-write right after the acknowledgement
				if err != nil || got.Version != 1 || !bytes.Equal(got.Document, sub.Document) {
					errs <- fmt.Errorf("GetSubmission(%s) right after create = %v, %v", sub.ID, fmtSubmission(got), err)
				}
			}
		}()
	}
	for g := 0; g < reviewers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < reviewsEach; i++ {
				target := (g + i) % targets
				id := fmt.Sprintf("s-target-%d", target)
				for attempt := 0; ; attempt++ {
					if attempt > 1000 {
						errs <- fmt.Errorf("review of %s: no progress after 1000 attempts", id)
						return
					}
					cur, err := s.GetSubmission(ctx, id)
					if err != nil {
						errs <- fmt.Errorf("GetSubmission(%s) = %v", id, err)
						return
					}
					r := review(fmt.Sprintf("r-%d-%d", g, i), id, cur.Version, base.Add(time.Duration(i)*time.Second))
					r.ReviewerID = fmt.Sprintf("rv-%d", g)
					err = s.SaveReview(ctx, r)
					if errors.Is(err, server.ErrConflict) {
						conflicts.Add(1)
						continue
					}
					if err != nil {
						errs <- fmt.Errorf("SaveReview(%s) = %v", r.ID, err)
						return
					}
					saved[target].Add(1)
					break
				}
			}
		}()
	}
	// An auditor reads while the others write: a submission at version v has its review made on
	// v-1 already in the trail, with the same result (SaveReview is atomic for readers too).
	stop := make(chan struct{})
	var audits atomic.Int32
	var auditor sync.WaitGroup
	auditor.Add(1)
	go func() {
		defer auditor.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			id := fmt.Sprintf("s-target-%d", i%targets)
			cur, err := s.GetSubmission(ctx, id)
			if err != nil {
				errs <- fmt.Errorf("auditor: GetSubmission(%s) = %v", id, err)
				return
			}
			rs, err := s.ListReviews(ctx, id)
			if err != nil {
				errs <- fmt.Errorf("auditor: ListReviews(%s) = %v", id, err)
				return
			}
			audits.Add(1)
			if cur.Version == 1 {
				continue
			}
			if len(rs) < cur.Version-1 || rs[cur.Version-2].BaseVersion != cur.Version-1 || !bytes.Equal(rs[cur.Version-2].Result, cur.Result) {
				errs <- fmt.Errorf("auditor: %s at version %d but its trail has %d reviews, or the one made on version %d is not its result", id, cur.Version, len(rs), cur.Version-1)
				return
			}
		}
	}()
	wg.Wait()
	close(stop)
	auditor.Wait()
	close(errs)
	n := 0
	for err := range errs {
		if n++; n <= 10 {
			t.Error(err)
		}
	}
	if t.Failed() {
		return
	}
	t.Logf("%d optimistic-concurrency conflicts retried; %d audits while writing", conflicts.Load(), audits.Load())

	for g := 0; g < submitters; g++ {
		for i := 0; i < perSubmitter; i++ {
			want := submission(fmt.Sprintf("s-%d-%d", g, i), base.Add(time.Duration(g*perSubmitter+i)*time.Millisecond))
			got, err := s.GetSubmission(ctx, want.ID)
			must(t, "GetSubmission", err)
			checkSubmission(t, got, want)
		}
	}
	queue, err := s.ListSubmissions(ctx, "submitted", 0)
	must(t, "ListSubmissions", err)
	if len(queue) != submitters*perSubmitter {
		t.Errorf("ListSubmissions(submitted) = %d; want %d", len(queue), submitters*perSubmitter)
	}
	for i := 1; i < len(queue); i++ {
		if queue[i].CreatedAt.Before(queue[i-1].CreatedAt) {
			t.Errorf("queue not oldest first at %d: %v after %v", i, queue[i].CreatedAt, queue[i-1].CreatedAt)
			break
		}
	}
	total := 0
	for i := 0; i < targets; i++ {
		id := fmt.Sprintf("s-target-%d", i)
		got, err := s.GetSubmission(ctx, id)
		must(t, "GetSubmission(target)", err)
		rs, err := s.ListReviews(ctx, id)
		must(t, "ListReviews(target)", err)
		n := int(saved[i].Load())
		total += n
		if got.Version != 1+n || len(rs) != n {
			t.Errorf("%s: version %d with %d reviews kept; want version %d and %d reviews", id, got.Version, len(rs), 1+n, n)
		}
		for j, r := range rs {
			if r.BaseVersion != j+1 {
				t.Errorf("%s: review %d (%s) made on version %d; want %d (an unbroken chain)", id, j, r.ID, r.BaseVersion, j+1)
			}
		}
		if len(rs) > 0 && !bytes.Equal(got.Result, rs[len(rs)-1].Result) {
			t.Errorf("%s: result is not the last review's", id)
		}
	}
	if total != reviewers*reviewsEach {
		t.Errorf("%d reviews saved; want %d", total, reviewers*reviewsEach)
	}
}
