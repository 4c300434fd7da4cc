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
// CostMetrics): [name, unit, short name for charts]. The cohort snapshot carries ids and
// directions only; these are labels.
export const RATING_METRICS = {
  psi_90: ['PSI 90 serious complications composite', 'ratio (observed/expected)', 'PSI 90'],
  op_22: ['OP-22 left the emergency department before being seen', '% of ED visits', 'OP-22'],
  op_23: ['OP-23 stroke patients with head CT/MRI results within 45 minutes', '% of patients', 'OP-23'],
  pc_01: ['PC-01 elective deliveries scheduled 1–2 weeks early', '% of deliveries', 'PC-01'],
  sep_1: ['SEP-1 appropriate care for severe sepsis and septic shock', '% of patients', 'SEP-1'],
  clabsi: ['CLABSI central line-associated bloodstream infections', 'SIR', 'CLABSI'],
  cauti: ['CAUTI catheter-associated urinary tract infections', 'SIR', 'CAUTI'],
  ssi: ['SSI surgical site infections', 'SIR', 'SSI'],
  mrsa: ['MRSA bacteremia', 'SIR', 'MRSA'],
  cdi: ['CDI Clostridioides difficile infections', 'SIR', 'CDI'],
  cost_per_de: ['Total cost per discharge equivalent', 'USD', 'Cost per DE'],
  occupancy: ['Maintained bed occupancy rate', '% of available bed-days', 'Occupancy'],
  nonmedicare_rev_per_discharge_cmi: ['Non-Medicare inpatient revenue per non-Medicare discharge ÷ CMI', 'USD per CMI-adjusted discharge', 'Non-Medicare rev.'],
  medicare_cost_per_discharge_cmi: ['Medicare inpatient operating cost per Medicare discharge ÷ CMI', 'USD per CMI-adjusted discharge', 'Medicare cost'],
  admin_cost_per_de: ['Administrative cost per discharge equivalent', 'USD', 'Admin cost'],
  mspb: ['Medicare spending per beneficiary (MSPB-1)', 'ratio to national median', 'MSPB'],
};

export const RATING_DOMAINS = [['safety', 'Safety'], ['cost', 'Cost']];
