// Control numbers without the catalogue's titles and mappings: which numbers exist, and whether a
// declaration reaches a control — directly, or through its category (`7.1`) or clause (`7`).
import { problems } from '@ismf/core/problems';
import { clauses } from './x1051-2008.json';

const CONTROL_NUMBERS = new Set(clauses.flatMap((clause) => clause.categories.flatMap((category) => category.controls.map((control) => control.number))));

/** The category and the clause a control number lies in (`7.1.1` → `7.1`, `7`). */
function parentsOf(control: string): { category: string; clause: string } {
  const [clause, category] = control.split('.');
  return { category: `${clause}.${category}`, clause: clause! };
}

/** Whether a declaration's numbers reach a control (directly, or through its category or clause). */
export function reaches(declared: readonly string[], control: string): boolean {
  const { category, clause } = parentsOf(control);
  return declared.some((number) => number === control || number === category || number === clause);
}

/** A control number of the catalogue, or 404. */
export function requireControlNumber(number: string): string {
  if (!CONTROL_NUMBERS.has(number)) throw problems.notFound(`control ${number}`);
  return number;
}
