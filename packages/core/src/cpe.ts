// CPE names (NISTIR 7695, CPE 2.3 Naming): the formatted string binding (`cpe:2.3:a:vendor:product:…`, eleven
// components, `\` escaping punctuation) and the 2.2 URI binding (`cpe:/a:vendor:product:…`, percent-encoded, the
// edition "packed" with `~`), both read into one well-formed name (WFN) and written back as a formatted string.
// Our own: the one npm parser splits at an escaped `\:` and rewrites `_`, and the real CPEs of NVD and Red Hat CSAF
// carry both (`the_leads_management_system\:_59sec_lite`).

export const CPE_ATTRIBUTES = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language', 'swEdition', 'targetSw', 'targetHw', 'other'] as const;
export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

/** ANY (`*`, or empty in a URI), NA (`-`: not applicable), or a value: unescaped, lower case, `?` and `*` wildcards kept at its ends. */
export type CpeValue = { any: true } | { na: true } | { value: string };
export type Cpe = Record<CpeAttribute, CpeValue>;
export type CpeResult = { ok: true; cpe: Cpe } | { ok: false; error: string };

const ANY: CpeValue = { any: true };
const NA: CpeValue = { na: true };

/** Splits at the colons no backslash escapes. */
function splitFormatted(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[++i];
    } else if (char === ':') {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** A formatted-string component as a value: `\x` is x; an unescaped `*` or `?` is a wildcard (kept, at the ends only). */
function formattedValue(component: string, attribute: CpeAttribute): CpeValue | string {
  if (component === '*') return ANY;
  if (component === '-') return NA;
  if (component === '') return `${attribute} is empty`;
  let value = '';
  for (let i = 0; i < component.length; i++) {
    const char = component[i]!;
    if (char === '\\') {
      const next = component[++i];
      if (next === undefined) return `${attribute} ends in a lone backslash`;
      value += next;
    } else if (char === '*' || char === '?') {
      const atEdge = /^[*?]+$/.test(component.slice(0, i + 1)) || /^[*?]+$/.test(component.slice(i));
      if (!atEdge) return `${attribute} has a wildcard inside it`;
      value += char;
    } else if (/[\s!"#$%&'()+,/:;<=>@[\]^`{|}~]/.test(char)) {
      return `${attribute} has an unescaped "${char}"`;
    } else value += char;
  }
  return { value: value.toLowerCase() };
}

function parseFormatted(text: string): CpeResult {
  const parts = splitFormatted(text);
  if (parts.length !== 13) return { ok: false, error: `a CPE 2.3 name has 11 components after cpe:2.3, not ${parts.length - 2}` };
  const cpe = {} as Cpe;
  for (const [index, attribute] of CPE_ATTRIBUTES.entries()) {
    const value = formattedValue(parts[index + 2]!, attribute);
    if (typeof value === 'string') return { ok: false, error: value };
    cpe[attribute] = value;
  }
  return checkedPart(cpe);
}

/** A URI component: percent-decoded (`%01` is `?`, `%02` is `*`); empty is ANY, `-` is NA. */
function uriValue(component: string | undefined, attribute: CpeAttribute): CpeValue | string {
  if (component === undefined || component === '') return ANY;
  if (component === '-') return NA;
  let value = '';
  for (let i = 0; i < component.length; i++) {
    const char = component[i]!;
    if (char === '%') {
      const code = component.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(code)) return `${attribute} has a bad percent-encoding`;
      const decoded = code === '01' ? '?' : code === '02' ? '*' : String.fromCharCode(parseInt(code, 16));
      value += decoded;
      i += 2;
    } else value += char;
  }
  return { value: value.toLowerCase() };
}

function parseUri(text: string): CpeResult {
  const parts = text.slice('cpe:/'.length).split(':');
  if (parts.length > 7) return { ok: false, error: 'a CPE 2.2 URI has at most 7 components' };
  const [part, vendor, product, version, update, edition, language] = parts;
  const cpe = {} as Cpe;
  const set = (attribute: CpeAttribute, component: string | undefined): string | undefined => {
    const value = uriValue(component, attribute);
    if (typeof value === 'string') return value;
    cpe[attribute] = value;
    return undefined;
  };
  // A packed edition, `~edition~sw_edition~target_sw~target_hw~other`, carries the 2.3 extended attributes.
  const packed = edition?.startsWith('~') ? edition.slice(1).split('~') : undefined;
  if (packed && packed.length !== 5) return { ok: false, error: 'a packed edition has five fields' };
  const components: [CpeAttribute, string | undefined][] = [
    ['part', part],
    ['vendor', vendor],
    ['product', product],
    ['version', version],
    ['update', update],
    ['edition', packed ? packed[0] : edition],
    ['language', language],
    ['swEdition', packed?.[1]],
    ['targetSw', packed?.[2]],
    ['targetHw', packed?.[3]],
    ['other', packed?.[4]],
  ];
  for (const [attribute, component] of components) {
    const error = set(attribute, component);
    if (error) return { ok: false, error };
  }
  return checkedPart(cpe);
}

function checkedPart(cpe: Cpe): CpeResult {
  const part = cpe.part;
  if ('value' in part && !['a', 'o', 'h'].includes(part.value)) return { ok: false, error: `part must be a, o or h, not ${part.value}` };
  return { ok: true, cpe };
}

/** Reads a CPE name in either binding. */
export function parseCpe(text: string): CpeResult {
  if (text.startsWith('cpe:2.3:')) return parseFormatted(text);
  if (text.startsWith('cpe:/')) return parseUri(text);
  return { ok: false, error: 'a CPE name begins with cpe:2.3: or cpe:/' };
}

/** A value in the formatted string: punctuation escaped (but `.`, `-` and `_`), wildcards at the ends left as they are. */
function formatValue(value: CpeValue): string {
  if ('any' in value) return '*';
  if ('na' in value) return '-';
  const text = value.value;
  const lead = /^[*?]*/.exec(text)![0];
  const trail = text.length > lead.length ? /[*?]*$/.exec(text.slice(lead.length))![0] : '';
  const body = text.slice(lead.length, text.length - trail.length);
  return lead + body.replace(/[^A-Za-z0-9._-]/g, (char) => `\\${char}`) + trail;
}

/** The CPE as a 2.3 formatted string (a 2.2 URI reads into the same name). */
export function formatCpe(cpe: Cpe): string {
  return ['cpe', '2.3', ...CPE_ATTRIBUTES.map((attribute) => formatValue(cpe[attribute]))].join(':');
}

/** A component's text, or undefined for ANY and NA. */
export const cpeText = (value: CpeValue): string | undefined => ('value' in value ? value.value : undefined);
