// GET /controls/{controlId}/records: the tenant's records that implement a control — every record of
// each listed entity model that names it — one model's list (GSI1) after another, a page at a time.
// The cursor carries the model and the store's signed cursor within that model's list.
import { invalidCursor } from '@ismf/store/cursor';
import { queryPatternPage, type PageRequest } from '@ismf/store/entities';
import type { EntityModel } from '@ismf/store/entity-model';
import { reaches } from './numbers.ts';

export interface ControlRecord {
  type: string;
  id: string;
  label: string;
  link?: string;
  createdAt: string;
  updatedAt: string;
}

interface Position {
  type: string;
  cursor?: string;
}

const encode = (position: Position) => Buffer.from(JSON.stringify(position)).toString('base64url');

function decode(cursor: string | undefined, types: readonly string[]): Position | undefined {
  if (cursor === undefined) return undefined;
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const { type, cursor: inner } = (position ?? {}) as Partial<Position>;
  if (typeof type !== 'string' || !types.includes(type) || (inner !== undefined && typeof inner !== 'string')) throw invalidCursor();
  return { type, ...(inner !== undefined ? { cursor: inner } : {}) };
}

/** The listed models whose records implement the control, in registry order. */
export function recordModels(control: string, entities: readonly EntityModel[]): EntityModel[] {
  return entities.filter((model) => model.listed && reaches(model.controls, control));
}

export async function controlRecords(tenantId: string, control: string, entities: readonly EntityModel[], page: PageRequest) {
  const models = recordModels(control, entities);
  const start = decode(
    page.cursor,
    models.map((model) => model.type),
  );
  const items: ControlRecord[] = [];
  let index = start ? models.findIndex((model) => model.type === start.type) : 0;
  let inner = start?.cursor;
  while (index < models.length && items.length < page.limit) {
    const model = models[index]!;
    const result = await queryPatternPage(model, 'list', tenantId, {}, { page: { limit: page.limit - items.length, ...(inner ? { cursor: inner } : {}) } });
    for (const entity of result.items) {
      const data = entity.data as Record<string, unknown>;
      items.push({
        type: model.type,
        id: entity.id,
        label: model.label?.(data) ?? entity.id,
        ...(model.link ? { link: model.link(entity.id) } : {}),
        createdAt: entity.createdAt,
        updatedAt: entity.updatedAt,
      });
    }
    if (result.nextCursor) return { items, nextCursor: encode({ type: model.type, cursor: result.nextCursor }) };
    index++;
    inner = undefined;
  }
  return { items, ...(index < models.length ? { nextCursor: encode({ type: models[index]!.type }) } : {}) };
}
