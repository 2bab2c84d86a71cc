// The X.1051 (2008) control structure — 11 clauses, 39 categories, 133 controls — as data (a copy of
// ../shared/reference/x1051-2008-controls.json, which a test holds equal), with the ISO/IEC 27001:2022
// Annex A numbers each control maps to, and the telecom additions of X.1051's Annex A, the unverified
// ones marked as such. Numbers are data, never names: a declaration names `7.1.1`, a category `7.1` or
// a clause `7`, and a category or clause rolls up to its controls.
// Named imports, so that the bundler leaves out what no function reads (the sources and notes).
import { clauses as referenceClauses } from './x1051-2008.json';
import { themes } from './iso27001-2022.json';
import { mappings as mappingList } from './x1051-2008-to-iso27001-2022.json';

export interface Numbered {
  number: string;
  title: string;
}

export interface IsoControl extends Numbered {
  /** The 2022 theme: Organizational, People, Physical or Technological controls. */
  theme: Numbered;
  /** New in the 2022 edition (no 2013 predecessor). */
  new: boolean;
}

export interface IsoMapping extends IsoControl {
  /** `annex-b`: through ISO/IEC 27002:2022 Annex B; `judgement`: our own reading, with its reason. */
  basis: 'annex-b' | 'judgement';
  comment?: string;
}

export interface Control extends Numbered {
  clause: Numbered;
  category: Numbered;
  /** The ISO/IEC 27001:2022 Annex A controls that cover it (none: no 2022 control does, as `iso27001Note` says). */
  iso27001: IsoMapping[];
  iso27001Note?: string;
}

const isoControls = new Map<string, IsoControl>(
  themes.flatMap((theme) =>
    theme.controls.map((control) => [
      control.number,
      { number: control.number, title: control.title, theme: { number: theme.number, title: theme.title }, new: 'new' in control && control.new === true },
    ]),
  ),
);

const mappings = new Map(mappingList.map((entry) => [entry.from, entry as { from: string; to: string[]; basis: 'annex-b' | 'judgement'; comment?: string }]));

/** Every control, in catalogue order. */
export const controls: readonly Control[] = referenceClauses.flatMap((clause) =>
  clause.categories.flatMap((category) =>
    category.controls.map((control) => {
      const mapped = mappings.get(control.number);
      return {
        number: control.number,
        title: control.title,
        clause: { number: clause.number, title: clause.title },
        category: { number: category.number, title: category.title },
        iso27001: (mapped?.to ?? []).map((to) => ({
          ...isoControls.get(to)!,
          basis: mapped!.basis,
          ...(mapped!.comment ? { comment: mapped!.comment } : {}),
        })),
        ...(mapped && mapped.to.length === 0 ? { iso27001Note: mapped.comment ?? 'no ISO/IEC 27001:2022 control covers it' } : {}),
      };
    }),
  ),
);

const byNumber = new Map(controls.map((control) => [control.number, control]));

export const clauses: readonly Numbered[] = referenceClauses.map(({ number, title }) => ({ number, title }));
export const categories: readonly (Numbered & { clause: string })[] = referenceClauses.flatMap((clause) =>
  clause.categories.map(({ number, title }) => ({ number, title, clause: clause.number })),
);

export function findControl(number: string): Control | undefined {
  return byNumber.get(number);
}

/** Whether a number names a clause, a category or a control of the catalogue. */
export function isCatalogued(number: string): boolean {
  return byNumber.has(number) || clauses.some((clause) => clause.number === number) || categories.some((category) => category.number === number);
}
