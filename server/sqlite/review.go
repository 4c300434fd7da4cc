package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"openvalue/server"
)

const (
	reviewColumns = `id, submission_id, reviewer_id, reviewer_name, base_version, status, created_at,
		decisions, result, receipt`
	sqlSubmissionVersion = `SELECT version FROM submissions WHERE id = ?`
	sqlInsertReview      = `INSERT INTO reviews (` + reviewColumns + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
	sqlUpdateSubmission = `UPDATE submissions
		SET status = ?, result = ?, receipt = ?, version = version + 1, updated_at = ?
		WHERE id = ?`
	sqlListReviews = `SELECT ` + reviewColumns + ` FROM reviews WHERE submission_id = ? ORDER BY seq`
)

// SaveReview appends the review to the audit trail and stores its status, result and receipt on
// the submission, bumping its Version, in one transaction. server.ErrNotFound if the submission
// is absent; server.ErrConflict if its Version is no longer r.BaseVersion or the review id exists.
//
// Both refusals are decided before anything is written (the writer goroutine is the only writer,
// so the version read here cannot change before the update).
func (db *DB) SaveReview(ctx context.Context, r server.Review) error {
	err := db.exec(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var version int
		err := tx.StmtContext(ctx, db.st.submissionVersion).QueryRowContext(ctx, r.SubmissionID).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return server.ErrNotFound
		}
		if err != nil {
			return err
		}
		if version != r.BaseVersion {
			return fmt.Errorf("submission is at version %d, review was made on %d: %w", version, r.BaseVersion, server.ErrConflict)
		}
		n, err := rowsAffected(tx.StmtContext(ctx, db.st.insertReview).ExecContext(ctx,
			r.ID, r.SubmissionID, r.ReviewerID, r.ReviewerName, r.BaseVersion, r.Status, micros(r.CreatedAt),
			blob(r.Decisions), blob(r.Result), blob(r.Receipt)))
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("review id exists: %w", server.ErrConflict)
		}
		n, err = rowsAffected(tx.StmtContext(ctx, db.st.updateSubmission).ExecContext(ctx,
			r.Status, blob(r.Result), blob(r.Receipt), micros(r.CreatedAt), r.SubmissionID))
		if err != nil {
			return err
		}
		if n != 1 {
			return fmt.Errorf("updated %d submissions, want 1", n) // not an expected outcome: the batch reruns
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: save review %s of submission %s: %w", r.ID, r.SubmissionID, err)
	}
	return nil
}

// ListReviews returns a submission's reviews, oldest first (none for an unknown submission).
func (db *DB) ListReviews(ctx context.Context, submissionID string) ([]server.Review, error) {
	rows, err := db.st.listReviews.QueryContext(ctx, submissionID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list reviews of %s: %w", submissionID, err)
	}
	defer rows.Close()
	var out []server.Review
	for rows.Next() {
		var r server.Review
		var created int64
		if err := rows.Scan(&r.ID, &r.SubmissionID, &r.ReviewerID, &r.ReviewerName, &r.BaseVersion, &r.Status,
			&created, &r.Decisions, &r.Result, &r.Receipt); err != nil {
			return nil, fmt.Errorf("sqlite: list reviews of %s: %w", submissionID, err)
		}
		r.CreatedAt = fromMicros(created)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list reviews of %s: %w", submissionID, err)
	}
	return out, nil
}
