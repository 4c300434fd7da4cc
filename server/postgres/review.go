package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"openvalue/server"
)

const reviewColumns = `id, submission_id, reviewer_id, reviewer_name, base_version, status, created_at,
	decisions, result, receipt`

// SaveReview appends the review to the audit trail and stores its status, result and receipt on
// the submission, bumping its Version, in one transaction. server.ErrNotFound if the submission
// is absent; server.ErrConflict if its Version is no longer r.BaseVersion or the review id exists.
func (db *DB) SaveReview(ctx context.Context, r server.Review) error {
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		// The conditional UPDATE comes first: its row lock queues concurrent reviews of the same
		// submission, and a waiter re-checks the version once the winner commits.
		tag, err := tx.Exec(ctx, `UPDATE submissions
			SET status = $1, result = $2, receipt = $3, version = version + 1, updated_at = $4
			WHERE id = $5 AND version = $6`,
			r.Status, blob(r.Result), blob(r.Receipt), r.CreatedAt, r.SubmissionID, r.BaseVersion)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			var version int
			if err := tx.QueryRow(ctx, `SELECT version FROM submissions WHERE id = $1`, r.SubmissionID).Scan(&version); err != nil {
				return notFound(err)
			}
			return fmt.Errorf("submission is at version %d, review was made on %d: %w", version, r.BaseVersion, server.ErrConflict)
		}
		tag, err = tx.Exec(ctx, `INSERT INTO reviews (`+reviewColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
			r.ID, r.SubmissionID, r.ReviewerID, r.ReviewerName, r.BaseVersion, r.Status, r.CreatedAt,
			blob(r.Decisions), blob(r.Result), blob(r.Receipt))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("review id exists: %w", server.ErrConflict) // rolls the update back
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: save review %s of submission %s: %w", r.ID, r.SubmissionID, err)
	}
	return nil
}

// ListReviews returns a submission's reviews, oldest first (none for an unknown submission).
func (db *DB) ListReviews(ctx context.Context, submissionID string) ([]server.Review, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+reviewColumns+` FROM reviews WHERE submission_id = $1 ORDER BY seq`, submissionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: list reviews of %s: %w", submissionID, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (server.Review, error) {
		var r server.Review
		err := row.Scan(&r.ID, &r.SubmissionID, &r.ReviewerID, &r.ReviewerName, &r.BaseVersion, &r.Status,
			&r.CreatedAt, &r.Decisions, &r.Result, &r.Receipt)
		r.CreatedAt = utc(r.CreatedAt)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: list reviews of %s: %w", submissionID, err)
	}
	return out, nil
}
