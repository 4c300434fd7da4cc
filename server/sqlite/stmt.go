package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// statements are prepared once at Open: writes on the write connection, reads on the read pool
// (database/sql prepares them again on each pooled connection the first time it is used).
type statements struct {
	insertDraft, updateDraft, getDraft          *sql.Stmt
	insertSubmission, getSubmission, listStatus *sql.Stmt
	submissionVersion, updateSubmission         *sql.Stmt
	insertReview, listReviews                   *sql.Stmt
	insertReviewer, reviewerByToken             *sql.Stmt
	all                                         []*sql.Stmt
}

func (s *statements) prepare(ctx context.Context, write, read *sql.DB) error {
	for _, p := range []struct {
		dst *(*sql.Stmt)
		db  *sql.DB
		sql string
	}{
		{&s.insertDraft, write, sqlInsertDraft},
		{&s.updateDraft, write, sqlUpdateDraft},
		{&s.getDraft, read, sqlGetDraft},
		{&s.insertSubmission, write, sqlInsertSubmission},
		{&s.getSubmission, read, sqlGetSubmission},
		{&s.listStatus, read, sqlListSubmissions},
		{&s.submissionVersion, write, sqlSubmissionVersion},
		{&s.updateSubmission, write, sqlUpdateSubmission},
		{&s.insertReview, write, sqlInsertReview},
		{&s.listReviews, read, sqlListReviews},
		{&s.insertReviewer, write, sqlInsertReviewer},
		{&s.reviewerByToken, read, sqlReviewerByToken},
	} {
		st, err := p.db.PrepareContext(ctx, p.sql)
		if err != nil {
			s.close()
			return fmt.Errorf("%s: %w", p.sql, err)
		}
		*p.dst = st
		s.all = append(s.all, st)
	}
	return nil
}

func (s *statements) close() error {
	var errs []error
	for _, st := range s.all {
		errs = append(errs, st.Close())
	}
	s.all = nil
	return errors.Join(errs...)
}
