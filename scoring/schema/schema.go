// Package schema publishes the submission document of package scoring as a JSON Schema
// (draft 2020-12), for form builders and API clients. package scoring's decoder is the authority;
// TestSchema in package scoring keeps the two in step.
package schema

import _ "embed"

// Submission is submission.schema.json.
//
//go:embed submission.schema.json
var Submission []byte
