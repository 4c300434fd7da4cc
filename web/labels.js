// labels.js: display words for the keys of the submission document. These are names only;
// every rule and number belongs to the wasm engine. Where the engine's result document carries
// its own display name (domains, pillars), that name wins.

export const ORG_TYPES = [
  ['acute', 'Acute care hospital'],
  ['critical_access', 'Critical access hospital'],
  ['childrens', "Children's hospital"],
  ['academic', 'Academic medical center'],
  ['ambulatory', 'Ambulatory / outpatient'],
  ['health_system', 'Health system'],
  ['other', 'Other'],
];

export const PILLARS = [
  ['satisfaction', 'Satisfaction', 'Satisfaction of patients and providers'],
  ['treatment', 'Treatment', 'Treatment-driven clinical outcomes'],
  ['electronicData', 'Electronic secure data', 'Effectively secured electronic health data'],
  ['patientEngagement', 'Patient engagement', 'Populations of engaged patients'],
  ['savings', 'Savings', 'Savings in efficiency, productivity and finances'],
];

export const DOMAINS = [
  ['security', 'Security'],
  ['dataCenter', 'Data center'],
  ['mobility', 'Mobility'],
  ['transport', 'Transport'],
  ['collaboration', 'Collaboration'],
];

export const ANSWERS = [
  ['yes', 'Yes'],
  ['partial', 'Partial'],
  ['no', 'No'],
  ['na', 'N/A'],
];

export const VALUE_TYPES = {
  baseline: 'Baseline',
  perceived: 'Perceived',
  recognized: 'Recognized',
  innovative: 'Innovative',
};

export const PERCEIVED = [
  ['dataCapture', 'Data capture & sharing'],
  ['processes', 'Advanced processes'],
  ['outcomes', 'Improved outcomes'],
];

export const label = (pairs, key) => (pairs.find((p) => p[0] === key) || [key, key])[1];

// The ValueSCORE metrics' display names and units (scoring/ratings/metrics.go: SafetyMetrics,
// CostMetrics). The cohort snapshot carries ids and directions only; these are labels.
export const RATING_METRICS = {
  psi_90: ['PSI 90 serious complications composite', 'ratio (observed/expected)'],
  op_22: ['OP-22 left the emergency department before being seen', '% of ED visits'],
  op_23: ['OP-23 stroke patients with head CT/MRI results within 45 minutes', '% of patients'],
  pc_01: ['PC-01 elective deliveries scheduled 1–2 weeks early', '% of deliveries'],
  sep_1: ['SEP-1 appropriate care for severe sepsis and septic shock', '% of patients'],
  clabsi: ['CLABSI central line-associated bloodstream infections', 'SIR'],
  cauti: ['CAUTI catheter-associated urinary tract infections', 'SIR'],
  ssi: ['SSI surgical site infections', 'SIR'],
  mrsa: ['MRSA bacteremia', 'SIR'],
  cdi: ['CDI Clostridioides difficile infections', 'SIR'],
  cost_per_de: ['Total cost per discharge equivalent', 'USD'],
  occupancy: ['Maintained bed occupancy rate', '% of available bed-days'],
  nonmedicare_rev_per_discharge_cmi: ['Non-Medicare inpatient revenue per non-Medicare discharge ÷ CMI', 'USD per CMI-adjusted discharge'],
  medicare_cost_per_discharge_cmi: ['Medicare inpatient operating cost per Medicare discharge ÷ CMI', 'USD per CMI-adjusted discharge'],
  admin_cost_per_de: ['Administrative cost per discharge equivalent', 'USD'],
  mspb: ['Medicare spending per beneficiary (MSPB-1)', 'ratio to national median'],
};

export const RATING_DOMAINS = [['safety', 'Safety'], ['cost', 'Cost']];
