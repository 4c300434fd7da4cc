package server

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// memStore is an in-memory Store for handler tests; server/storetest holds the real
// stores to the same contract.
type memStore struct {
	mu        sync.Mutex
	drafts    map[string]Draft
	subs      map[string]Submission
	reviews   map[string][]Review
	reviewers []Reviewer
	fail      error // returned by every call when set
}

func newMemStore() *memStore {
	return &memStore{drafts: map[string]Draft{}, subs: map[string]Submission{}, reviews: map[string][]Review{}}
}

func (m *memStore) CreateDraft(_ context.Context, d Draft) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	if _, ok := m.drafts[d.ID]; ok {
		return fmt.Errorf("mem: %w", ErrConflict)
	}
	m.drafts[d.ID] = d
	return nil
}

func (m *memStore) UpdateDraft(_ context.Context, id string, doc []byte, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.drafts[id]
	if !ok {
		return ErrNotFound
	}
	d.Document, d.UpdatedAt = bytes.Clone(doc), at
	m.drafts[id] = d
	return nil
}

func (m *memStore) GetDraft(_ context.Context, id string) (Draft, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.drafts[id]
	if !ok {
		return Draft{}, ErrNotFound
	}
	return d, nil
}

func (m *memStore) CreateSubmission(_ context.Context, s Submission) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	if _, ok := m.subs[s.ID]; ok {
		return ErrConflict
	}
	m.subs[s.ID] = s
	return nil
}

func (m *memStore) GetSubmission(_ context.Context, id string) (Submission, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return Submission{}, m.fail
	}
	s, ok := m.subs[id]
	if !ok {
		return Submission{}, fmt.Errorf("mem: get submission: %w", ErrNotFound)
	}
	return s, nil
}

func (m *memStore) ListSubmissions(_ context.Context, status string, limit int) ([]Submission, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Submission
	for _, s := range m.subs {
		if s.Status == status {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].CreatedAt.Before(out[j].CreatedAt) || out[i].CreatedAt.Equal(out[j].CreatedAt) && out[i].ID < out[j].ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *memStore) SaveReview(_ context.Context, r Review) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.subs[r.SubmissionID]
	if !ok {
		return ErrNotFound
	}
	if s.Version != r.BaseVersion {
		return fmt.Errorf("mem: save review: %w", ErrConflict)
	}
	s.Version++
	s.Status, s.Result, s.Receipt, s.UpdatedAt = r.Status, r.Result, r.Receipt, r.CreatedAt
	m.subs[s.ID] = s
	m.reviews[s.ID] = append(m.reviews[s.ID], r)
	return nil
}

func (m *memStore) ListReviews(_ context.Context, id string) ([]Review, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Review{}, m.reviews[id]...), nil
}

func (m *memStore) AddReviewer(_ context.Context, r Reviewer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.reviewers {
		if x.Name == r.Name || bytes.Equal(x.TokenHash, r.TokenHash) {
			return ErrConflict
		}
	}
	m.reviewers = append(m.reviewers, r)
	return nil
}

func (m *memStore) ReviewerByTokenHash(_ context.Context, h []byte) (Reviewer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.reviewers {
		if bytes.Equal(x.TokenHash, h) {
			return x, nil
		}
	}
	return Reviewer{}, ErrNotFound
}

func (m *memStore) Close() error { return nil }
