// Schemas shared by many operations: list paging, versions, audit metadata.
import * as z from 'zod';

export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25).describe('page size, at most 100'),
  cursor: z.string().min(1).max(2048).optional().describe('the nextCursor of the previous page'),
});

/**
 * Names a schema in the API document: a component of its own (`#/components/schemas/<id>`), referenced
 * wherever a body or response reaches it. The same as zod's `.meta({ id })`, on the schema itself rather
 * than a copy, so that a declaration stays as it is; name it before a `pageOf` of it. Answers the schema.
 */
export function nameSchema<T extends z.ZodType>(schema: T, id: string, description?: string): T {
  z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id, ...(description ? { description } : {}) });
  return schema;
}

function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().optional().describe('present while more items follow'),
  });
}

const pages = new WeakMap<z.ZodType, ReturnType<typeof page>>();

/**
 * A list page of these items. The page of a named item (`nameSchema(assetSchema, 'Asset')`) is named after it
 * (`AssetPage`) in the API document, and is one schema however many operations list it.
 */
export function pageOf<T extends z.ZodType>(item: T): ReturnType<typeof page<T>> {
  const id = z.globalRegistry.get(item)?.id;
  if (!id) return page(item);
  let found = pages.get(item);
  if (!found) pages.set(item, (found = page(item).meta({ id: `${id}Page`, description: `A page of ${id} records, in the order the operation names.` })));
  return found as ReturnType<typeof page<T>>;
}

export const entityMeta = {
  id: z.string(),
  version: z.number().int().min(1).describe('send it back in If-Match to change this record'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const EXAMPLE_TIME = '2026-11-29T09:30:00.000Z';
export const EXAMPLE_ID = '01JDQ8R6Z8W4X3N2K1M0P9Q7RS';

/** A person as every response names them (core/people.ts PersonRef): read through the cached directory. */
export const personRefSchema = z.object({
  id: z.string().describe('the directory’s user id; for an actor that is not a person, its recorded id (`system:<task>`)'),
  name: z.string().describe('the display name (the e-mail address for a user without one)'),
  email: z.string().optional().describe('absent for an actor that is not a person'),
  jobTitle: z.string().optional(),
});
nameSchema(personRefSchema, 'PersonRef', 'A person (or a system actor) as answers name them, beside the id a record keeps.');

export const EXAMPLE_PERSON = { id: '01JDQ8R6Z8W4X3N2K1M0P9Q7RP', name: 'Dana Weiss', email: 'dana.weiss@acme-telecom.example' };
