// Type declarations for web/engine.js and the JSON documents the engine reads and writes.
// Each interface mirrors a Go type (named in its comment); the Go type's doc comment is the
// authority on units and ranges. Optional members (`?`) are the Go fields tagged omitempty;
// `| null` marks Go pointers the encoder writes as null.

// ---------------------------------------------------------------- engine.js

/** Options of load(). */
export interface LoadOptions {
  /** URL of openvalue.wasm; default: beside engine.js. */
  wasmURL?: string | URL;
  /** URL of Go's wasm_exec.js; default: beside engine.js. */
  wasmExecURL?: string | URL;
  /** The .wasm bytes, instead of fetching wasmURL (Node, tests). */
  wasmBytes?: BufferSource;
  /** fetch implementation; default: globalThis.fetch. */
  fetch?: typeof fetch;
}

/** The engine build: mirrors the `version` object wasm/api.go installs. */
export interface Version {
  /** scoring.Methodology, e.g. "openvalue-2026.2". */
  methodology: string;
  /** VCS revision of the build (12 hex digits, "+dirty" when modified) or "devel". */
  build: string;
}

/** Names of the functions a build of globalThis.openvalue may have. */
export type EngineFunction = 'score' | 'catalog' | 'rateHospital' | 'verifyReceipt';

/** What load() resolves to. No method throws for bad input: it returns an ErrorDocument. */
export interface Engine {
  readonly version: Version;
  /** Milliseconds from load() to a ready engine. */
  readonly readyMs: number;
  /** Whether this build has the function (rateHospital and verifyReceipt depend on the build). */
  has(name: EngineFunction): boolean;
  /** Exactly the bytes `openvalue score` prints for the same submission. */
  scoreJSON(submissionJSON: string): string;
  score(input: Input | string): Result | ErrorDocument;
  /** The INFRAM criteria catalog the questionnaire is answered against (scoring.CatalogJSON). */
  catalogJSON(): string;
  catalog(): Catalog;
  rateHospitalJSON(inputJSON: string, snapshotJSON: string): string;
  /** snapshot: web/cohort.json as text (pass the same string each time) or parsed. */
  rateHospital(input: RatingInput | string, snapshot: object | string): RatingResult | ErrorDocument;
  verifyReceiptJSON(receiptJSON: string, keysJSON: string): string;
  verifyReceipt(receipt: Receipt | string, keys: JWKS | string): ReceiptVerification | ErrorDocument;
}

/** Loads the engine once; later calls return the same promise. Rejects only when it cannot start. */
export function load(opts?: LoadOptions): Promise<Engine>;
/** True for an error document. */
export function isError(doc: unknown): doc is ErrorDocument;

/** The raw global the wasm module installs (wasm/main.go); engine.js wraps it. */
export interface OpenValueGlobal {
  version: Version;
  score(submissionJSON: string): string;
  catalog(): string;
  rateHospital?(inputJSON: string, snapshotJSON: string): string;
  verifyReceipt?(receiptJSON: string, keysJSON: string): string;
}

/** Options of engine-start.js's openvalueStart: load()'s, plus the URL the defaults resolve against. */
export interface StartOptions extends LoadOptions {
  /** Base URL for openvalue.wasm and wasm_exec.js; default: the page. */
  base?: string | URL;
}

declare global {
  // eslint-disable-next-line no-var
  var openvalue: OpenValueGlobal | undefined;
  /** Defined by engine-start.js: fetch (or take wasmBytes), compile, instantiate and run the engine. */
  // eslint-disable-next-line no-var
  var openvalueStart: ((opts?: StartOptions) => Promise<OpenValueGlobal>) | undefined;
  /** The start engine-start.js began when a <script> element loaded it; null after it failed. */
  // eslint-disable-next-line no-var
  var openvalueStarting: Promise<OpenValueGlobal> | null | undefined;
}

// ---------------------------------------------------------------- errors

/** scoring.ErrorDocument: what every runner answers for an invalid document. */
export interface ErrorDocument {
  error: ErrorBody;
}

/** scoring.ErrorBody. */
export interface ErrorBody {
  /** "invalid_input" for documents; the engine adds "bad_request" (argument not a string) and
   *  "internal" (a bug, recovered); the server adds its transport codes. */
  code: 'invalid_input' | 'bad_request' | 'internal' | 'not_found' | 'too_large' | 'unsupported_media_type'
    | 'unauthorized' | 'conflict' | 'method_not_allowed' | string;
  /** One-line summary for a person. */
  message: string;
  /** Every problem (at most 100); empty for codes that concern no field. */
  fields: Problem[];
}

/** scoring.Problem. */
export interface Problem {
  /** JSON path with dots and indexes ("caseStudies.0.measures.1.post"), "$" for the whole document. */
  path: string;
  /** What is wrong, for a person. */
  reason: string;
}

// ---------------------------------------------------------------- submission (scoring.Input)

/** scoring.Answer. */
export type Answer = 'yes' | 'partial' | 'no' | 'na';
/** scoring.Pillar (STEPS). */
export type Pillar = 'satisfaction' | 'treatment' | 'electronicData' | 'patientEngagement' | 'savings';
/** Domain keys of the INFRAM catalog, in result order. */
export type Domain = 'security' | 'dataCenter' | 'mobility' | 'transport' | 'collaboration';
/** scoring.OrgTypes. */
export type OrgType = 'acute' | 'critical_access' | 'childrens' | 'academic' | 'ambulatory' | 'health_system' | 'other';

/** scoring.Input: the submission document. Only organization.name is required. */
export interface Input {
  /** Pins the methodology version; when present it must equal scoring.Methodology. */
  methodology?: string;
  organization: Organization;
  maturity?: Maturity;
  infram?: InframAnswers;
  /** 0–50 case studies. */
  caseStudies?: CaseStudy[];
  /** Present: the result is "verified". */
  review?: Review;
}

/** scoring.Organization. */
export interface Organization {
  /** 1–200 characters. */
  name: string;
  /** CMS Certification Number: 6 digits or upper-case letters. */
  ccn?: string;
  type?: OrgType;
  /** Staffed beds, 0–10000. */
  beds?: number;
}

/** scoring.Maturity: HIMSS stages assessed elsewhere, each 0–7. */
export interface Maturity {
  emram?: number;
  oemram?: number;
  infram?: number;
}

/** scoring.InframAnswers: per domain, criterion id ("s3_q2") → answer. */
export type InframAnswers = Partial<Record<Domain, Record<string, Answer>>>;

/** scoring.CaseStudy (Davies template). Text fields 0–8000 characters. */
export interface CaseStudy {
  /** 1–64 of A–Z a–z 0–9 _ -, unique in the submission. */
  id: string;
  /** 1–200 characters. */
  title: string;
  pillar: Pillar;
  problem?: string;
  intervention?: string;
  governance?: string;
  /** 0–20 measures. */
  measures?: Measure[];
  cost?: Cost;
  outcomes?: string;
  lessons?: string;
  perceived?: Perceived;
}

/** scoring.Measure. */
export interface Measure {
  /** 1–64 of A–Z a–z 0–9 _ -, unique in its case study. */
  id: string;
  /** 1–200 characters. */
  name: string;
  kind: 'expected' | 'unique';
  /** Which way is better. */
  direction: 'higher' | 'lower';
  /** Value before the intervention, in unit; |value| ≤ 1e12. */
  baseline?: number;
  /** Value after the intervention, in unit; |value| ≤ 1e12. */
  post?: number;
  unit?: string;
  period?: string;
}

/** scoring.Cost. */
export interface Cost {
  /** 0–1e12, in currency. */
  amount: number;
  /** ISO 4217, e.g. "USD". */
  currency: string;
}

/** scoring.Perceived: self-reported impact, each 0–5 (integers). */
export interface Perceived {
  dataCapture: number;
  processes: number;
  outcomes: number;
}

/** scoring.Decision. */
export type Decision = 'accepted' | 'rejected';

/** scoring.Review. */
export interface Review {
  reviewer: string;
  notes?: string;
  caseStudies?: CaseStudyReview[];
}

/** scoring.CaseStudyReview. */
export interface CaseStudyReview {
  id: string;
  decision: Decision;
  /** Required when rejected. */
  reason?: string;
  measures?: MeasureReview[];
}

/** scoring.MeasureReview. */
export interface MeasureReview {
  id: string;
  decision: Decision;
  reason?: string;
}

// ---------------------------------------------------------------- catalog (scoring.Catalog)

/** scoring.Catalog: the INFRAM criteria catalog. */
export interface Catalog {
  version: string;
  notice: string;
  domains: CatalogDomain[];
}

/** scoring.CatalogDomain. */
export interface CatalogDomain {
  key: Domain;
  name: string;
  /** Starts every criterion id of the domain ("s" → "s3_q2"). */
  prefix: string;
  /** Stages 1–7 in order. */
  stages: CatalogStage[];
}

/** scoring.CatalogStage. */
export interface CatalogStage {
  /** 1–7. */
  stage: number;
  theme: string;
  criteria: Criterion[];
}

/** scoring.Criterion. */
export interface Criterion {
  /** "<prefix><stage>_q<n>". */
  id: string;
  /** Relative importance within the stage, 1–10. */
  weight: number;
  text: string;
  source: 'public' | 'project';
}

// ---------------------------------------------------------------- result (scoring.Result)

/** scoring.Result: the result document. */
export interface Result {
  methodology: string;
  status: 'estimated' | 'verified';
  organization: Organization;
  infram: InframResult;
  valueScore: ValueScoreResult;
  /** Only when status is "verified". */
  review?: ReviewSummary;
}

/** scoring.InframResult. */
export interface InframResult {
  catalog: string;
  /** Overall stage, 0–7 (70% cumulative rule). */
  stage: number;
  /** maturity.infram echoed, 0–7. */
  declaredStage?: number;
  answered: number;
  criteria: number;
  /** Stages 1–7, all domains combined. */
  stages: StageResult[];
  domains: DomainResult[];
  roadmap: Roadmap;
  comparison: Comparison;
}

/** scoring.StageResult. */
export interface StageResult {
  /** 1–7. */
  stage: number;
  /** 0–100, one decimal, truncated. */
  percent: number;
  /** Credited weight, one decimal. */
  earned: number;
  /** Weight of the applicable criteria. */
  possible: number;
  /** percent ≥ 70. */
  met: boolean;
  /** met for this stage and every one before. */
  achieved: boolean;
}

/** scoring.DomainResult. */
export interface DomainResult {
  domain: Domain;
  name: string;
  /** 0–7. */
  stage: number;
  answered: number;
  criteria: number;
  stages: StageResult[];
}

/** scoring.Roadmap. */
export interface Roadmap {
  /** 1–7; null when stage 7 is achieved. */
  nextStage: number | null;
  /** 0–100, one decimal. */
  percent: number;
  /** Additional credited weight to reach 70%, one decimal. */
  weightNeeded: number;
  items: RoadmapItem[];
}

/** scoring.RoadmapItem. */
export interface RoadmapItem {
  id: string;
  domain: Domain;
  stage: number;
  /** 1–10. */
  weight: number;
  answer: 'no' | 'partial' | 'unanswered';
  /** Weight a "yes" would add, one decimal. */
  gain: number;
  text: string;
}

/** scoring.Comparison: against the published INFRAM averages (seed 001). */
export interface Comparison {
  source: string;
  mostCommonStage: number;
  overall: StageComparison;
  domains: StageComparison[];
}

/** scoring.StageComparison. */
export interface StageComparison {
  /** Absent for the overall comparison. */
  domain?: Domain;
  stage: number;
  /** Two decimals. */
  average: number;
  /** stage − average, two decimals. */
  difference: number;
  position: 'above' | 'at' | 'below';
}

/** scoring.ValueScoreResult. */
export interface ValueScoreResult {
  /** 0–100 points, two decimals; the sum of explain[].points. */
  total: number;
  max: number;
  /** Total without the review. */
  estimatedTotal: number;
  types: TypeResult[];
  pillars: PillarResult[];
  caseStudies: CaseStudyResult[];
  explain: Explain[];
}

/** scoring.TypeResult. */
export interface TypeResult {
  type: 'baseline' | 'perceived' | 'recognized' | 'innovative';
  points: number;
  max: number;
}

/** scoring.PillarResult. */
export interface PillarResult {
  pillar: Pillar;
  name: string;
  /** 0–15, two decimals. */
  points: number;
  max: number;
  /** 0–100, one decimal. */
  percent: number;
  level: 'none' | 'emerging' | 'developing' | 'established' | 'leading';
  perceived: number;
  recognized: number;
  innovative: number;
  caseStudies: string[];
  strengths: string[];
  opportunities: string[];
  /** null when the pillar has all its points. */
  target: Target | null;
}

/** scoring.Target. */
export interface Target {
  level: string;
  percent: number;
  pointsNeeded: number;
  actions: string[];
}

/** scoring.CaseStudyResult. */
export interface CaseStudyResult {
  id: string;
  pillar: Pillar;
  review: 'unreviewed' | 'undecided' | 'accepted' | 'rejected';
  reviewReason?: string;
  counted: boolean;
  /** 0–100 points. */
  completeness: number;
  evidence: number;
  strength: 'strong' | 'moderate' | 'limited';
  perceived: number;
  recognized: number;
  innovative: number;
  measures: MeasureResult[];
  strengthen: string[];
}

/** scoring.MeasureResult. */
export interface MeasureResult {
  id: string;
  kind: 'expected' | 'unique';
  /** Percent of |baseline| in the better direction, one decimal; null without both values. */
  improvement: number | null;
  /** 0–5, one decimal. */
  points: number;
  review: 'unreviewed' | 'undecided' | 'accepted' | 'rejected';
  reviewReason?: string;
  counted: boolean;
}

/** scoring.Explain: one line of the Value Score's explanation. */
export interface Explain {
  rule: string;
  type: string;
  pillar?: Pillar;
  caseStudy?: string;
  points: number;
  max: number;
  detail: string;
}

/** scoring.ReviewSummary. */
export interface ReviewSummary {
  reviewer: string;
  notes?: string;
  caseStudiesAccepted: number;
  caseStudiesRejected: number;
  caseStudiesUndecided: number;
  measuresAccepted: number;
  measuresRejected: number;
  measuresUndecided: number;
}

// ---------------------------------------------------------------- ratings (scoring/ratings)

/** Safety metric ids (ratings.DomainRules[Safety]); SIRs and ratios as CMS publishes them, percents 0–100. */
export type SafetyMetric = 'psi_90' | 'op_22' | 'op_23' | 'pc_01' | 'sep_1' | 'clabsi' | 'cauti' | 'ssi' | 'mrsa' | 'cdi';
/** Cost metric ids (ratings.DomainRules[Cost]); dollars, percent (occupancy) or a ratio (mspb). */
export type CostMetric = 'cost_per_de' | 'occupancy' | 'nonmedicare_rev_per_discharge_cmi'
  | 'medicare_cost_per_discharge_cmi' | 'admin_cost_per_de' | 'mspb';

/** ratings.Input as JSON (ratings.DecodeInput): one hospital's own values; a metric left out or
 *  null is unreported; unknown fields are refused. */
export interface RatingInput {
  safety?: Partial<Record<SafetyMetric, number | null>>;
  cost?: Partial<Record<CostMetric, number | null>>;
  /** The prior period's values, for the change adjustment. */
  prior?: { safety?: Partial<Record<SafetyMetric, number | null>>; cost?: Partial<Record<CostMetric, number | null>> };
  /** Total HAC Score, for the worst-quartile flag. */
  hacTotalScore?: number | null;
}

/** ratings.RateJSON's document (Output.JSON). null means "not applicable". */
export interface RatingResult {
  /** ratings.Methodology, "valuescore-ratings/1". */
  methodology: string;
  snapshot: { version: number; hospitals: number };
  safety: RatingDomain;
  hacTotalScore: number | null;
  /** In the cohort's worst HAC quartile; null without a HAC score. */
  hacWorstQuartile: boolean | null;
  cost: RatingDomain;
  /** ValueSCORE domains the public data cannot rate. */
  omittedDomains: string[];
  note: string;
}

/** One domain of a rating (ratings domainJSON + whatIf). Percentiles and scores 0–100, 100 = best. */
export interface RatingDomain {
  /** Metrics reported. */
  reported: number;
  /** Mean percentile of the reported metrics. */
  average: number | null;
  /** Points for unreported metrics, ≤ 0. */
  reportingAdjustment: number | null;
  /** Points for the change since the prior period (±10 cap); null without prior values. */
  changeAdjustment: number | null;
  adjusted: number | null;
  /** The domain score; null when excluded. */
  score: number | null;
  /** Too few metrics reported to be rated. */
  excluded: boolean;
  metrics: { id: string; value: number | null; percentile: number | null }[];
  whatIf: { best: RatingWhatIf | null; options: RatingWhatIf[] };
}

/** ratings.WhatIf: one single-metric improvement and its effect on the domain score. */
export interface RatingWhatIf {
  metric: string;
  action: 'improve' | 'report';
  from: number | null;
  to: number;
  percentileFrom: number | null;
  percentileTo: number;
  scoreFrom: number | null;
  scoreTo: number;
  gain: number;
}

// ---------------------------------------------------------------- receipts (package receipt)

/** receipt.Receipt: a signed receipt as it travels in JSON. */
export interface Receipt {
  /** "openvalue-receipt/1". */
  typ: string;
  /** "Ed25519". */
  alg: string;
  /** Key id: first 16 hex digits of the SHA-256 of the public key. */
  kid: string;
  submission_id?: string;
  /** Lowercase hex SHA-256 of the submission bytes as received. */
  submission_sha256: string;
  review_sha256?: string;
  methodology: string;
  result_sha256: string;
  status: 'submitted' | 'verified' | 'recomputed';
  /** UTC, "2026-01-02T15:04:05.000Z". */
  issued_at: string;
  /** Unpadded base64url Ed25519 signature over the canonical JSON of the other members. */
  sig: string;
}

/** receipt.JWK (RFC 8037). */
export interface JWK {
  kty: 'OKP';
  crv: 'Ed25519';
  kid: string;
  x: string;
  use?: 'sig';
  alg?: 'EdDSA';
}

/** receipt.JWKS: GET /api/v1/keys. */
export interface JWKS {
  keys: JWK[];
  active?: string;
}

/** What verifyReceipt answers for a well-formed receipt and key set (wasm/api.go verifyReceipt). */
export interface ReceiptVerification {
  /** The signature holds under one of the keys. */
  valid: boolean;
  /** Why not, when valid is false (unknown key, bad signature). */
  reason?: string;
  /** Short id for people: first 16 hex digits of the SHA-256 of sig (receipt.Receipt.ID). */
  id: string;
  receipt: Receipt;
}
