// Vendor, product and model names as the matcher compares them. Advisories and the asset register write the
// same vendor many ways ("Siemens AG", "SIEMENS", "Cisco Systems, Inc."): both sides go through these
// functions, so they must stay deterministic and pure (no locale, no table that changes at run time).

// Legal forms dropped from the end of a name, compared without dots ("S.A." is "sa", "N.V." is "nv"). Not "SE"
// nor "AS": "Java SE" is a product, not a Societas Europaea.
const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'plc',
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'kgaa',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'oy',
  'oyj',
  'ab',
  'asa',
  'bv',
  'nv',
  'pty',
  'pte',
  'kk',
]);

// Trade marks carry no meaning for matching.
const MARKS = /[\u00ae\u2122\u00a9\u2120]/g;
// A token is letters and digits, with '-', '.', '+' kept inside it ("s7-1500", "node.js", "c++", "12.2").
const SEPARATORS = /[^\p{L}\p{N}.+-]+/u;

/**
 * A vendor or product name as the matcher compares it:
 * 1. Unicode NFKC, lower case, trade marks (®, ™, ©) removed;
 * 2. split into tokens at anything but letters, digits, '-', '.' and '+' (whitespace, commas, '_', '/', '&',
 *    parentheses …); leading and trailing '-' and '.' of a token are dropped;
 * 3. legal forms at the end (Inc., Corp., Ltd, LLC, GmbH, AG, KG, S.A., N.V., plc, Oy, AB, BV … compared without
 *    dots) are dropped one after another ("GmbH & Co. KG" goes whole), but never the first token;
 * 4. the tokens joined by single spaces.
 * "Siemens AG" → "siemens"; "Cisco Systems, Inc." → "cisco systems"; "enterprise_linux" → "enterprise linux".
 */
export function normaliseName(text: string): string {
  const tokens = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(MARKS, '')
    .split(SEPARATORS)
    .map((token) => token.replace(/^[.-]+|[.-]+$/g, ''))
    .filter((token) => token !== '');
  while (tokens.length > 1 && LEGAL_SUFFIXES.has(tokens[tokens.length - 1]!.replaceAll('.', ''))) tokens.pop();
  return tokens.join(' ');
}

/**
 * A model or order number as the matcher compares it: NFKC, upper case, whitespace removed
 * ("6es7 511-1ak02-0ab0" → "6ES7511-1AK02-0AB0"). Dashes stay: vendors print them and assets record them.
 */
export function normaliseModel(text: string): string {
  return text.normalize('NFKC').toUpperCase().replace(/\s+/g, '');
}

// A version in parentheses ("(v.8.6)", "(V2.1)", "(R3.09)", "(2019)") names no model.
const VERSION_LIKE = /^(?:v|r|ver|version|rel|release)?[.\s]*\d+(?:[._-]\d+)*[a-z]?$/i;
// Architectures in parentheses name a build, not a model.
const ARCHITECTURES = new Set(['x86', 'x64', 'x86_64', 'amd64', 'arm', 'arm64', 'aarch64', 'i386', 'i686', 'ppc64le', 's390x', 'noarch']);
// A model token (spaces removed): letters, digits and '-', '.', '/', '_', at least four characters, one a digit.
const MODEL_TOKEN = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9._/-]{3,}$/;

function modelsIn(text: string): string[] | undefined {
  const tokens = text
    .split(/[,;]|\s+or\s+|\s+and\s+/i)
    .map((token) => token.trim())
    .filter((token) => token !== '');
  if (tokens.length === 0) return undefined;
  for (const token of tokens) {
    // Siemens prints order numbers with a space inside ("6GK5 204-2BB10-2AA3"): each part has a digit then.
    if (!token.split(/\s+/).every((part) => /\d/.test(part))) return undefined;
    const joined = token.replace(/\s+/g, '');
    if (!MODEL_TOKEN.test(joined) || VERSION_LIKE.test(joined) || ARCHITECTURES.has(joined.toLowerCase())) return undefined;
  }
  return tokens.map(normaliseModel);
}

/**
 * A product name split from the model numbers it ends with in parentheses, as Siemens and other OT vendors
 * write them: "SIMATIC S7-1500 CPU (6ES7511-1AK02-0AB0)" → product "simatic s7-1500 cpu", models
 * ["6ES7511-1AK02-0AB0"]. Only the last parenthesised group is read, and only when every comma-separated part of
 * it looks like an order number (at least four characters with a digit, each space-separated part with a
 * digit too, not a version such as "v.8.6" nor an architecture); otherwise the whole name is the product ("Red Hat Enterprise Linux AppStream
 * AUS (v.8.6)" stays whole). The product is normalised by `normaliseName`.
 */
export function productAndModel(name: string): { product: string; models: string[] } {
  const match = /^(.*\S)\s*\(([^()]*)\)\s*$/s.exec(name);
  const models = match ? modelsIn(match[2]!) : undefined;
  if (match && models) return { product: normaliseName(match[1]!), models };
  return { product: normaliseName(name), models: [] };
}
