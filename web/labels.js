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
