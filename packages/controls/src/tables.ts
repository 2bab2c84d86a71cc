// The X.1052 tables 1–14: for each management area (a clause or sub-clause of X.1052), the X.1051
// clauses, categories and controls its activities must confirm. An area declares X.1051 numbers only
// from its table, or says in its declaration why it reaches beyond it.
import { tables } from './x1052-tables.json';
import type { Numbered } from './catalogue.ts';

export interface X1052Table {
  table: number;
  title: string;
  /** The X.1052 clause or sub-clause whose activities it governs (`10`, `12.2.4`). */
  x1052Clause: string;
  activity: string;
  clauses: readonly Numbered[];
}

export const x1052Tables: readonly X1052Table[] = tables;

/** Whether a declared X.1051 number lies within a number a table lists (itself, or below it). */
export const within = (declared: string, listed: string) => declared === listed || declared.startsWith(`${listed}.`);

/** The tables of an X.1052 clause: its own and its sub-clauses' (clause 12's are 12.2.1 … 12.2.8). */
export function tablesOf(x1052Clause: string): X1052Table[] {
  return x1052Tables.filter((table) => table.x1052Clause === x1052Clause || table.x1052Clause.startsWith(`${x1052Clause}.`));
}

/** Whether an area of this X.1052 clause may declare the X.1051 number. */
export function allowedFor(x1052Clause: string, declared: string): boolean {
  return tablesOf(x1052Clause).some((table) => table.clauses.some((listed) => within(declared, listed.number)));
}

/** The tables whose activities confirm a control (it lies within a number they list). */
export function tablesConfirming(control: string): X1052Table[] {
  return x1052Tables.filter((table) => table.clauses.some((listed) => within(control, listed.number)));
}
