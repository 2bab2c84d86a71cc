// The ISO/IEC 27001:2022 Annex A catalogue (packages/controls/src/iso27001-2022.json) and our mapping
// from the 133 controls of X.1051 (2008) to it (packages/controls/src/x1051-2008-to-iso27001-2022.json):
// the catalogue's shape (93 controls in themes 5–8, numbers in order, the 11 controls new in 2022
// flagged), and the mapping's reach (every reference control exactly once, every target a 2022 control,
// every judgement explained, and the 2022 controls no 2005 control leads to being exactly the expected
// set). The reference list is read from ../shared/reference beside the real data.
import { describe, expect, it } from 'vitest';
import iso from '../../packages/controls/src/iso27001-2022.json' with { type: 'json' };
import mapping from '../../packages/controls/src/x1051-2008-to-iso27001-2022.json' with { type: 'json' };
import { itWithRealdata, referenceJson } from '../support/realdata.ts';

interface IsoControl {
  number: string;
  title: string;
  new?: boolean;
}

interface Mapping {
  from: string;
  to: string[];
  basis: string;
  comment?: string;
}

const themes = iso.themes as { number: string; title: string; controls: IsoControl[] }[];
const isoControls = themes.flatMap((theme) => theme.controls);
const isoNumbers = new Set(isoControls.map((control) => control.number));
const mappings = mapping.mappings as Mapping[];

const x1051 = referenceJson<{
  clauses: { number: string; categories: { number: string; controls: { number: string; title: string }[] }[] }[];
}>('x1051-2008-controls.json') ?? { clauses: [] };
const referenceNumbers = x1051.clauses.flatMap((clause) => clause.categories.flatMap((category) => category.controls.map((control) => control.number)));

/** 8.9 before 8.10: compare dotted numbers part by part. */
function compareNumbers(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? -1) - (right[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

const NEW_IN_2022 = ['5.7', '5.23', '5.30', '7.4', '8.9', '8.10', '8.11', '8.12', '8.16', '8.23', '8.28'];

/**
 * 2022 controls no X.1051 (2008) control maps to: six of the controls new in 2022, and six whose only
 * ancestors are controls that were new in 2013 (A.15.1.3, A.16.1.4, A.16.1.5, A.17.2.1, A.14.2.1,
 * A.14.2.5), as the mapping's note says. The other five new-in-2022 controls are reached by judgement.
 */
const UNREACHED = ['5.7', '5.21', '5.23', '5.25', '5.26', '7.4', '8.10', '8.11', '8.14', '8.23', '8.25', '8.27'];
const UNREACHED_NOT_NEW = ['5.21', '5.25', '5.26', '8.14', '8.25', '8.27'];

describe('ISO/IEC 27001:2022 Annex A catalogue', () => {
  it('holds 93 controls in the four themes 5 to 8, with 37, 8, 14 and 34 controls', () => {
    expect(isoControls).toHaveLength(93);
    expect(themes.map((theme) => [theme.number, theme.title, theme.controls.length])).toEqual([
      ['5', 'Organizational controls', 37],
      ['6', 'People controls', 8],
      ['7', 'Physical controls', 14],
      ['8', 'Technological controls', 34],
    ]);
  });

  it('numbers every theme’s controls <theme>.1 to <theme>.n, in order, once each', () => {
    for (const theme of themes) {
      expect(theme.controls.map((control) => control.number)).toEqual(theme.controls.map((_, i) => `${theme.number}.${i + 1}`));
      for (const control of theme.controls) {
        expect(control.number).toMatch(/^[5-8]\.[1-9]\d?$/);
        expect(control.title.trim()).toBe(control.title);
        expect(control.title.length).toBeGreaterThan(3);
      }
    }
    expect(isoNumbers.size).toBe(93);
    const numbers = isoControls.map((control) => control.number);
    expect([...numbers].sort(compareNumbers)).toEqual(numbers);
  });

  it('flags exactly the 11 controls new in 2022, and no other', () => {
    const flagged = isoControls.filter((control) => control.new === true).map((control) => control.number);
    expect(flagged).toEqual(NEW_IN_2022);
    for (const control of isoControls) expect(control.new === undefined || control.new === true).toBe(true);
  });

  it('gives the titles auditors look up by (spot checks)', () => {
    const title = (number: string) => isoControls.find((control) => control.number === number)?.title;
    expect(title('5.1')).toBe('Policies for information security');
    expect(title('5.23')).toBe('Information security for use of cloud services');
    expect(title('6.8')).toBe('Information security event reporting');
    expect(title('7.14')).toBe('Secure disposal or re-use of equipment');
    expect(title('8.20')).toBe('Networks security');
    expect(title('8.34')).toBe('Protection of information systems during audit testing');
  });
});

describe('X.1051 (2008) → ISO/IEC 27001:2022 mapping', () => {
  itWithRealdata('maps exactly the 133 reference controls, each once, in catalogue order', () => {
    expect(referenceNumbers).toHaveLength(133);
    expect(mappings.map((entry) => entry.from)).toEqual(referenceNumbers);
    expect(new Set(mappings.map((entry) => entry.from)).size).toBe(133);
  });

  it('names only existing 2022 controls, each at most once per mapping', () => {
    for (const entry of mappings) {
      for (const to of entry.to) expect(isoNumbers.has(to), `${entry.from} → ${to}`).toBe(true);
      expect(new Set(entry.to).size, entry.from).toBe(entry.to.length);
    }
  });

  it('says why for every judgement, and leaves `to` empty only with a comment', () => {
    for (const entry of mappings) {
      expect(['annex-b', 'judgement'], entry.from).toContain(entry.basis);
      if (entry.basis === 'judgement') expect(entry.comment?.trim(), entry.from).toBeTruthy();
      if (entry.to.length === 0) {
        expect(entry.basis, entry.from).toBe('judgement');
        expect(entry.comment?.trim(), entry.from).toBeTruthy();
      }
      if (entry.basis === 'annex-b') expect(entry.to.length, entry.from).toBeGreaterThan(0);
    }
  });

  it('leaves unreached only the 2022 controls the note explains', () => {
    const reached = new Set(mappings.flatMap((entry) => entry.to));
    const unreached = isoControls.map((control) => control.number).filter((number) => !reached.has(number));
    console.log(`ISO/IEC 27001:2022 controls no X.1051 (2008) control maps to: ${unreached.join(', ')}`);
    expect(unreached).toEqual(UNREACHED);
    expect(unreached.filter((number) => !NEW_IN_2022.includes(number))).toEqual(UNREACHED_NOT_NEW);
    for (const number of UNREACHED_NOT_NEW) expect(mapping.note).toContain(number);
  });

  it('keeps the counts of each basis the note describes', () => {
    const count = (basis: string) => mappings.filter((entry) => entry.basis === basis).length;
    expect([count('annex-b'), count('judgement')]).toEqual([100, 33]);
  });
});
