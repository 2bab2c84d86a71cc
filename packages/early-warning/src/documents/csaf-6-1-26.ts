// CSAF 2.0 mandatory test 6.1.26, Prohibited Document Category Name. Our own: csaf-validator-lib 2.0.10 compares
// the category only with the profiles' names, so it passes the TC's failing case 6.1.26-04 (`csafsecurityadvisory`,
// the value `csaf_security_advisory` without its underscores).
//
// The rule (CSAF 2.0 §6.1.26): for a document of the profile "CSAF Base" (any category other than the other
// profiles' values), the category MUST NOT
// - start with the reserved prefix `csaf_` (case-insensitive: the spec's example `Csaf_a` is prohibited), unless it
//   is exactly `csaf_base`;
// - equal, case-insensitively, the name (without `csaf_`) or the value of another profile once every dash, hyphen,
//   minus, white space and underscore character is removed from both sides. The TC's text for this test says those
//   characters are meant with all their Unicode variants (em and en dash, figure dash, horizontal bar, non-breaking
//   hyphen, fullwidth and combining low line …), so `Security‑Advisory` with a non-breaking hyphen is prohibited too.

/** The profiles other than "CSAF Base": their name (§4) and their `/document/category` value. */
const OTHER_PROFILES = [
  { name: 'Security incident response', value: 'csaf_security_incident_response' },
  { name: 'Informational Advisory', value: 'csaf_informational_advisory' },
  { name: 'Security Advisory', value: 'csaf_security_advisory' },
  { name: 'VEX', value: 'csaf_vex' },
] as const;

/** The values the test is skipped for: the profiles' own values, compared exactly. */
const PROFILE_VALUES: ReadonlySet<string> = new Set(['csaf_base', ...OTHER_PROFILES.map((profile) => profile.value)]);

// Dash punctuation (\p{Pd}: hyphen-minus, hyphen, non-breaking hyphen, figure/en/em dash, horizontal bar, small and
// fullwidth hyphen-minus …), connector punctuation (\p{Pc}: low line, fullwidth low line, undertie …), white space,
// and the variants outside those classes: soft hyphen, the minus signs (U+02D7, U+2212, U+207B, U+208B, U+2796), the
// double low line, and the combining (double) low line (outside the class: a combining mark there reads as joined).
const IGNORED_CHARACTERS = /[\p{Pd}\p{Pc}\p{White_Space}\s\u00AD\u02D7\u2017\u2212\u207B\u208B\u2796]|\u0332|\u0333/gu;

/** A category as the test compares it: without dashes, white space and underscores, in lower case. */
export function normaliseCategory(value: string): string {
  return value.replace(IGNORED_CHARACTERS, '').toLowerCase();
}

/** Each normalised name and value of another profile, to the profile it stands for. */
const PROHIBITED: ReadonlyMap<string, (typeof OTHER_PROFILES)[number]> = new Map(
  OTHER_PROFILES.flatMap((profile) => [
    [normaliseCategory(profile.name), profile],
    [normaliseCategory(profile.value), profile],
  ]),
);

/** Why a `/document/category` value is prohibited, or `undefined` when it may be used. */
export function prohibitedCategoryReason(category: string): string | undefined {
  if (PROFILE_VALUES.has(category)) return undefined;
  if (category.toLowerCase().startsWith('csaf_')) {
    return `"${category}" starts with the reserved prefix csaf_, which only the CSAF profiles' own values (csaf_base, csaf_vex …) may use`;
  }
  const profile = PROHIBITED.get(normaliseCategory(category));
  if (profile) {
    return `"${category}" is the name or value of the CSAF profile "${profile.name}" (dashes, white space, underscores and case aside): use "${profile.value}" for that profile, or a category of another name`;
  }
  return undefined;
}

/** The test in csaf-validator-lib's shape (`{ isValid, errors }`), so that it runs beside the library's tests. */
export function prohibitedDocumentCategoryName(doc: unknown): { isValid: boolean; errors: { instancePath: string; message: string }[] } {
  const category = (doc as { document?: { category?: unknown } } | null | undefined)?.document?.category;
  // A category that is not a string is the schema's to report.
  const reason = typeof category === 'string' ? prohibitedCategoryReason(category) : undefined;
  return reason === undefined ? { isValid: true, errors: [] } : { isValid: false, errors: [{ instancePath: '/document/category', message: reason }] };
}
