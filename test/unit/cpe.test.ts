// CPE names (NISTIR 7695) in both bindings: every CPE of the real data (NVD, CVE records, CSAF product helpers,
// Red Hat's 2.2 URIs) is read; the formatted strings come back as they were; escapes and underscores survive.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpeText, formatCpe, parseCpe } from '@ismf/core/cpe';
import { HAS_REALDATA, itWithRealdata, REALDATA } from '../support/realdata.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(json|ya?ml|xml)$/.test(name) ? [path] : [];
  });
}

/** Every CPE name written in the real data, as JSON strings hold them. */
const realCpes = HAS_REALDATA
  ? [
      ...new Set(
        files(REALDATA).flatMap((file) =>
          [...readFileSync(file, 'utf8').matchAll(/"(cpe:(?:2\.3:|\/)(?:[^"\\]|\\.)*)"/g)].map((match) => JSON.parse(`"${match[1]}"`) as string),
        ),
      ),
    ]
  : [];

const ok = (text: string) => {
  const result = parseCpe(text);
  if (!result.ok) throw new Error(`${text}: ${result.error}`);
  return result.cpe;
};

describe('CPE names', () => {
  itWithRealdata('reads every CPE of the real data, and writes each 2.3 name back as it was', () => {
    expect(realCpes.length).toBeGreaterThan(300);
    const uris = realCpes.filter((cpe) => cpe.startsWith('cpe:/'));
    expect(uris.length).toBeGreaterThan(0);
    for (const text of realCpes) {
      const cpe = ok(text);
      if (text.startsWith('cpe:2.3:')) expect(formatCpe(cpe)).toBe(text.toLowerCase());
    }
  });

  it('keeps an escaped colon, comma or ampersand inside its component, and underscores as they are', () => {
    const cpe = ok('cpe:2.3:a:59sec:the_leads_management_system\\:_59sec_lite:*:*:*:*:wordpress:*:*:*');
    expect(cpeText(cpe.vendor)).toBe('59sec');
    expect(cpeText(cpe.product)).toBe('the_leads_management_system:_59sec_lite');
    expect(cpe.version).toEqual({ any: true });
    expect(cpeText(cpe.swEdition)).toBe('wordpress');
    expect(cpeText(ok('cpe:2.3:a:x:uploading_svg\\,_webp_and_ico_files:*:*:*:*:*:*:*:*').product)).toBe('uploading_svg,_webp_and_ico_files');
    expect(cpeText(ok('cpe:2.3:a:x:wpide_-_file_manager_\\&_code_editor:1.0:*:*:*:*:*:*:*').product)).toBe('wpide_-_file_manager_&_code_editor');
  });

  it('reads a 2.2 URI, its empty components as ANY, a dash as NA and a packed edition as the extended attributes', () => {
    const cpe = ok('cpe:/a:redhat:enterprise_linux:8::appstream');
    expect([cpeText(cpe.part), cpeText(cpe.vendor), cpeText(cpe.product), cpeText(cpe.version)]).toEqual(['a', 'redhat', 'enterprise_linux', '8']);
    expect(cpe.update).toEqual({ any: true });
    expect(cpeText(cpe.edition)).toBe('appstream');
    expect(formatCpe(cpe)).toBe('cpe:2.3:a:redhat:enterprise_linux:8:*:appstream:*:*:*:*:*');
    const packed = ok('cpe:/o:cisco:ios:15.2%284%29:-:~~~iosxe~switch~');
    expect(cpeText(packed.version)).toBe('15.2(4)');
    expect(packed.update).toEqual({ na: true });
    expect([cpeText(packed.targetSw), cpeText(packed.targetHw)]).toEqual(['iosxe', 'switch']);
    expect(formatCpe(packed)).toBe('cpe:2.3:o:cisco:ios:15.2\\(4\\):-:*:*:*:iosxe:switch:*');
  });

  it('keeps wildcards at the ends of a value, and refuses what is no CPE name, saying why', () => {
    expect(cpeText(ok('cpe:2.3:a:vendor:product:1.*:*:*:*:*:*:*:*').version)).toBe('1.*');
    for (const [text, why] of [
      ['cpe:2.3:a:vendor:product', '11 components'],
      ['cpe:2.3:x:vendor:product:*:*:*:*:*:*:*:*', 'part must be'],
      ['cpe:2.3:a:vendor:pro*duct:*:*:*:*:*:*:*:*', 'wildcard inside'],
      ['cpe:2.3:a:vendor:pro:duct:*:*:*:*:*:*:*:*', '11 components'],
      ['cpe:2.3:a:ven dor:product:*:*:*:*:*:*:*:*', 'unescaped'],
      ['cpe:/a:vendor:product:%zz', 'percent-encoding'],
      ['cpe:/a:vendor:product:1:2:~a~b:en', 'five fields'],
      ['pkg:npm/left-pad@1.0.0', 'begins with'],
    ] as const) {
      const result = parseCpe(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.error, text).toContain(why);
    }
  });
});
