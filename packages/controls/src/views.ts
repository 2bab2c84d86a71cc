// What the API shows of a control: the catalogue entry, and in detail what implements it and which
// X.1052 tables confirm it. The catalogue is the same for every tenant; its pages are cut from it.
import type { Registry } from '@ismf/area/registry';
import { problems } from '@ismf/core/problems';
import { invalidCursor } from '@ismf/store/cursor';
import { findControl, type Control } from './catalogue.ts';
import { implementationsOf } from './implementations.ts';
import { tablesConfirming } from './tables.ts';

export function requireControl(id: string): Control {
  const control = findControl(id);
  if (!control) throw problems.notFound(`control ${id}`);
  return control;
}

export function controlView(control: Control) {
  const { number, ...rest } = control;
  return { id: number, ...rest };
}

export function controlDetail(control: Control, registry: Pick<Registry, 'areas'>) {
  return {
    ...controlView(control),
    implementedBy: implementationsOf(control, registry),
    x1052: tablesConfirming(control.number).map(({ table, x1052Clause, activity }) => ({ table, x1052Clause, activity })),
  };
}

/** A page of a fixed list: the cursor is the id of the last item handed out. */
export function staticPage<T extends { id: string }>(items: readonly T[], page: { limit: number; cursor?: string }) {
  let start = 0;
  if (page.cursor !== undefined) {
    const after = Buffer.from(page.cursor, 'base64url').toString('utf8');
    const index = items.findIndex((item) => item.id === after);
    if (index < 0) throw invalidCursor();
    start = index + 1;
  }
  const slice = items.slice(start, start + page.limit);
  const more = start + page.limit < items.length;
  return { items: slice, ...(more ? { nextCursor: Buffer.from(slice.at(-1)!.id).toString('base64url') } : {}) };
}
