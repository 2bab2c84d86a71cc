// Package URL (purl) parsing and canonical formatting, per https://github.com/package-url/purl-spec
// ("How to parse a purl string", "Rules for each purl component", "Character encoding", PURL-TYPES).

export interface Purl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers?: Record<string, string>;
  subpath?: string;
}

export type PurlResult = { ok: true; purl: Purl } | { ok: false; error: string };

// The spec's type grammar is letters, digits, '.', '-' (older editions also allowed '+'); it must start with a letter.
const TYPE_RE = /^[a-z][a-z0-9.+-]*$/;
const QUALIFIER_KEY_RE = /^[a-z][a-z0-9._-]*$/;

interface TypeRule {
  lowerNamespace?: boolean;
  lowerName?: boolean;
  namespaceRequired?: boolean;
  versionRequired?: boolean;
}

// Case rules from PURL-TYPES: these ecosystems treat names case-insensitively, so the canonical form is lowercase.
const TYPE_RULES: Record<string, TypeRule> = {
  alpm: { lowerNamespace: true, lowerName: true },
  apk: { lowerNamespace: true, lowerName: true },
  bitbucket: { lowerNamespace: true, lowerName: true },
  bitnami: { lowerName: true },
  composer: { lowerNamespace: true, lowerName: true },
  cran: { versionRequired: true },
  deb: { lowerNamespace: true, lowerName: true },
  github: { lowerNamespace: true, lowerName: true },
  hex: { lowerNamespace: true, lowerName: true },
  npm: { lowerNamespace: true, lowerName: true },
  oci: { lowerName: true },
  pypi: { lowerName: true },
  qpkg: { lowerNamespace: true },
  rpm: { lowerNamespace: true },
  swift: { namespaceRequired: true, versionRequired: true },
};

class PurlError extends Error {}

function checkType(type: string): string {
  if (type === '') throw new PurlError('type: required');
  const lower = type.toLowerCase();
  if (!TYPE_RE.test(lower)) throw new PurlError(`type: '${type}' must be ASCII letters, digits, '.', '+' or '-' and start with a letter`);
  return lower;
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new PurlError(`${what}: invalid percent-encoding in '${part}'`);
  }
}

/** Percent-encodes all but the spec's unencoded set (A-Z a-z 0-9 . - _ ~ and ':'); `keepSlash` for qualifier values. */
function encode(value: string, keepSlash = false): string {
  // encodeURIComponent leaves !'()* alone, which the purl allowed set does not include.
  let out = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  out = out.replaceAll('%3A', ':');
  return keepSlash ? out.replaceAll('%2F', '/') : out;
}

/** Type-specific normalisation and requirements; shared by parse and format so both agree on the canonical form. */
function normalise(purl: Purl): Purl {
  const type = checkType(purl.type);
  if (!purl.name) throw new PurlError('name: required');
  const rule = TYPE_RULES[type] ?? {};
  let { namespace, name } = purl;
  if (namespace !== undefined && rule.lowerNamespace) namespace = namespace.toLowerCase();
  if (rule.lowerName) name = name.toLowerCase();
  // PyPI treats '-' and '_' as the same character.
  if (type === 'pypi') name = name.replaceAll('_', '-');
  if (rule.namespaceRequired && !namespace) throw new PurlError(`namespace: required for type '${type}'`);
  if (rule.versionRequired && !purl.version) throw new PurlError(`version: required for type '${type}'`);
  const out: Purl = { type, name };
  if (namespace) out.namespace = namespace;
  if (purl.version !== undefined) out.version = purl.version;
  const qualifiers = Object.entries(purl.qualifiers ?? {}).filter(([, v]) => v !== '');
  if (qualifiers.length > 0) {
    out.qualifiers = {};
    for (const [rawKey, value] of qualifiers) {
      const key = rawKey.toLowerCase();
      if (!QUALIFIER_KEY_RE.test(key)) throw new PurlError(`qualifiers: invalid key '${rawKey}'`);
      if (Object.hasOwn(out.qualifiers, key)) throw new PurlError(`qualifiers: duplicate key '${key}'`);
      out.qualifiers[key] = value;
    }
  }
  if (purl.subpath) out.subpath = purl.subpath;
  return out;
}

/** Splits a decoded path on '/', dropping the empty (and for subpaths '.' and '..') segments the spec ignores. */
function segments(text: string, dropDots: boolean): string[] {
  return text.split('/').filter((s) => s !== '' && !(dropDots && (s === '.' || s === '..')));
}

/** Decodes each '/'-separated segment of a purl string; a segment may not decode to a '/'. */
function decodeSegments(text: string, what: string, dropDots: boolean): string[] {
  const decoded = text.split('/').map((raw) => {
    const segment = decode(raw, what);
    if (segment.includes('/')) throw new PurlError(`${what}: segment '${raw}' decodes to a '/'`);
    return segment;
  });
  return segments(decoded.join('/'), dropDots);
}

function parseOrThrow(text: string): Purl {
  // Parsing runs right to left: subpath, qualifiers, scheme, type, version, name, namespace.
  let rest = text;
  let subpath: string | undefined;
  const hash = rest.lastIndexOf('#');
  if (hash >= 0) {
    subpath = decodeSegments(rest.slice(hash + 1), 'subpath', true).join('/') || undefined;
    rest = rest.slice(0, hash);
  }

  let qualifiers: Record<string, string> | undefined;
  const question = rest.lastIndexOf('?');
  if (question >= 0) {
    qualifiers = {};
    for (const pair of rest.slice(question + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (eq < 0) throw new PurlError(`qualifiers: '${pair}' is not key=value`);
      const key = pair.slice(0, eq).toLowerCase();
      // Keys must not be percent-encoded, so they are validated as written.
      if (!QUALIFIER_KEY_RE.test(key)) throw new PurlError(`qualifiers: invalid key '${pair.slice(0, eq)}'`);
      if (Object.hasOwn(qualifiers, key)) throw new PurlError(`qualifiers: duplicate key '${key}'`);
      const value = decode(pair.slice(eq + 1), 'qualifiers');
      if (value !== '') qualifiers[key] = value; // an empty value is the same as no qualifier
    }
    rest = rest.slice(0, question);
  }

  const colon = rest.indexOf(':');
  if (colon < 0 || rest.slice(0, colon).toLowerCase() !== 'pkg') throw new PurlError("scheme: must start with 'pkg:'");
  // 'pkg://type/...' is tolerated: the spec says to ignore slashes after the scheme.
  rest = rest.slice(colon + 1).replace(/^\/+/, '');

  const slash = rest.indexOf('/');
  const type = slash < 0 ? rest : rest.slice(0, slash);
  checkType(type);
  const path = slash < 0 ? '' : rest.slice(slash + 1).replace(/\/+$/, '');

  // The version '@' is looked for in the last path segment only, so an unencoded npm scope '@' is not mistaken for it.
  const lastSlash = path.lastIndexOf('/');
  let nameAndVersion = path.slice(lastSlash + 1);
  let version: string | undefined;
  const at = nameAndVersion.lastIndexOf('@');
  if (at >= 0) {
    version = decode(nameAndVersion.slice(at + 1), 'version');
    if (version === '') throw new PurlError("version: empty after '@'");
    nameAndVersion = nameAndVersion.slice(0, at);
  }
  const name = decode(nameAndVersion, 'name');
  if (name === '') throw new PurlError('name: required');
  const namespace = lastSlash < 0 ? undefined : decodeSegments(path.slice(0, lastSlash), 'namespace', false).join('/') || undefined;

  return normalise({ type, namespace, name, version, qualifiers, subpath });
}

export function parsePurl(text: string): PurlResult {
  try {
    return { ok: true, purl: parseOrThrow(text) };
  } catch (error) {
    if (error instanceof PurlError) return { ok: false, error: error.message };
    throw error;
  }
}

/** The canonical string of a purl; throws an Error if the components are not a valid purl. */
export function formatPurl(input: Purl): string {
  const purl = normalise(input);
  let out = `pkg:${purl.type}/`;
  if (purl.namespace)
    out += `${segments(purl.namespace, false)
      .map((s) => encode(s))
      .join('/')}/`;
  out += encode(purl.name);
  if (purl.version) out += `@${encode(purl.version)}`;
  if (purl.qualifiers) {
    const pairs = Object.entries(purl.qualifiers).sort(([a], [b]) => (a < b ? -1 : 1));
    out += `?${pairs.map(([k, v]) => `${k}=${encode(v, true)}`).join('&')}`;
  }
  if (purl.subpath) {
    const subpath = segments(purl.subpath, true)
      .map((s) => encode(s))
      .join('/');
    if (subpath) out += `#${subpath}`;
  }
  return out;
}

/** The package and version a PURL names, normalised as the PURL spec says (case, PyPI's '_'); undefined for a bad PURL. */
export function purlPackage(purl: string | undefined): { package: string; version?: string } | undefined {
  if (!purl) return undefined;
  const parsed = parsePurl(purl);
  if (!parsed.ok) return undefined;
  const { type, namespace, version } = parsed.purl;
  // PyPI compares project names by PEP 503 (runs of `-`, `_`, `.` are one `-`): `zope.interface` is `zope-interface`.
  const name = type === 'pypi' ? parsed.purl.name.replace(/[-_.]+/g, '-') : parsed.purl.name;
  return { package: [type, namespace, name].filter(Boolean).join('/'), ...(version !== undefined ? { version } : {}) };
}
