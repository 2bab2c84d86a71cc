// The API document's named schemas: every operation's request body and response is a component of
// `components.schemas`, referenced with `$ref`, so that generated clients get named types.
//
// Naming: a schema named `nameSchema(assetSchema, 'Asset')` (or zod's `.meta({ id: 'Asset' })`) is the
// component `Asset` wherever it is reached, at the top of a response or nested in another (`pageOf` names
// the page of a named item `AssetPage`). A body or response nobody named takes its operation's name:
// `CreateTenantRequest`, `HealthResponse`, `ListAssetComponentsPage`. A schema may read differently as input (a body: a default makes a member
// optional) and as output (a response): where both are reached and they differ, the input is
// `<name>Input`. Only a strict object is closed (`additionalProperties: false`), as input and as output.
import * as z from 'zod';
import type { Operation } from './operation.ts';

type Json = Record<string, unknown>;

export const COMPONENT_SCHEMAS = '#/components/schemas/';
/** Marks an input schema's references until it is known which input schemas differ from their output. */
const INPUT_MARK = '@input';
const INPUT_REF = new RegExp(`"${COMPONENT_SCHEMAS}([A-Za-z0-9_.-]+)${INPUT_MARK}"`, 'g');

export interface NamedSchemas {
  /** The components, by name. */
  schemas: Record<string, Json>;
  /** The component of an operation's response (as output). */
  response(operation: Operation): string;
  /** The component of an operation's JSON body (as input), if it takes one. */
  body(operation: Operation): string | undefined;
}

export const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** A list page: `{ items, nextCursor }`, as `pageOf` makes it. */
function isPage(schema: z.ZodType): boolean {
  const def = schema._zod.def as { type: string; shape?: Record<string, unknown> };
  return def.type === 'object' && !!def.shape && 'items' in def.shape && 'nextCursor' in def.shape;
}

function refsOf(json: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(json)) for (const item of json) refsOf(item, found);
  else if (json && typeof json === 'object') {
    for (const [key, value] of Object.entries(json)) {
      if (key === '$ref' && typeof value === 'string') found.add(value);
      else refsOf(value, found);
    }
  }
  return found;
}

const idOfRef = (ref: string) => ref.slice(COMPONENT_SCHEMAS.length).replace(INPUT_MARK, '');

/** The ids reached from these roots through `$ref`s. */
function reached(roots: Iterable<string>, schemas: Record<string, Json>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    if (!schemas[id]) throw new Error(`the API document refers to a schema it does not hold: ${id}`);
    seen.add(id);
    for (const ref of refsOf(schemas[id])) queue.push(idOfRef(ref));
  }
  return seen;
}

const FOLDABLE = new Set(['type', 'properties', 'required', 'additionalProperties', 'description']);

/**
 * An `allOf` member that is a closed object (`additionalProperties: false`: a strict object) rejects the
 * other members' properties, and zod's intersection does not: such an `allOf` (`a.and(b)`, with `a` a
 * named schema zod could not fold in) is folded into the one object both describe, as zod folds inline members.
 */
function foldIntersections(json: unknown, schemas: Record<string, Json>, where: string): unknown {
  if (Array.isArray(json)) return json.map((item) => foldIntersections(item, schemas, where));
  if (!json || typeof json !== 'object') return json;
  const node = Object.fromEntries(Object.entries(json).map(([key, value]) => [key, foldIntersections(value, schemas, where)])) as Json;
  const members = node.allOf as Json[] | undefined;
  if (!members) return node;
  const resolved = members.map((member) => (typeof member.$ref === 'string' ? schemas[idOfRef(member.$ref)]! : member));
  if (!resolved.some((member) => member.additionalProperties === false)) return node;
  if (!resolved.every((member) => member.type === 'object' && Object.keys(member).every((key) => FOLDABLE.has(key)))) {
    throw new Error(`${where}: an intersection of closed objects that cannot be folded`);
  }
  const properties: Json = {};
  for (const member of resolved) {
    for (const [name, property] of Object.entries((member.properties ?? {}) as Json)) {
      properties[name] =
        name in properties && JSON.stringify(properties[name]) !== JSON.stringify(property) ? { allOf: [properties[name], property] } : property;
    }
  }
  const required = [...new Set(resolved.flatMap((member) => (member.required as string[] | undefined) ?? []))];
  const { allOf: _allOf, ...rest } = node;
  const description = resolved.map((member) => member.description).find(Boolean);
  return {
    ...(description ? { description } : {}),
    ...rest,
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
    ...(resolved.every((member) => member.additionalProperties === false) ? { additionalProperties: false } : {}),
  };
}

export function namedSchemas(operations: readonly Operation[]): NamedSchemas {
  const registry = z.registry<{ id: string }>();
  const holders = new Map<string, z.ZodType>();
  const name = (schema: z.ZodType, id: string): string => {
    const given = registry.get(schema)?.id;
    if (given) return given;
    const holder = holders.get(id);
    if (holder && holder !== schema) throw new Error(`two schemas are named ${id}: give one of them another name (nameSchema, or zod's .meta({ id }))`);
    registry.add(schema, { id });
    holders.set(id, schema);
    return id;
  };
  // Every named schema (nameSchema, or zod's .meta({ id })): reached anywhere, a component of its own (the rest are pruned).
  for (const [id, schema] of z.globalRegistry._idmap) name(schema as z.ZodType, id);
  const responses = new Map<Operation, string>();
  const bodies = new Map<Operation, string>();
  const own = (schema: z.ZodType) => z.globalRegistry.get(schema)?.id;
  for (const operation of operations) {
    const response = operation.response;
    responses.set(operation, name(response, own(response) ?? `${pascal(operation.name)}${isPage(response) ? 'Page' : 'Response'}`));
    if (operation.body) bodies.set(operation, name(operation.body, own(operation.body) ?? `${pascal(operation.name)}Request`));
  }

  const convert = (io: 'input' | 'output'): Record<string, Json> => {
    const { schemas } = z.toJSONSchema(registry, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      uri: (id) => `${COMPONENT_SCHEMAS}${id}${io === 'input' ? INPUT_MARK : ''}`,
      override: ({ zodSchema, jsonSchema }) => {
        // zod writes an output object closed (what parsing it leaves), but an answer is sent as built, not
        // parsed: a plain z.object() promises its members, not that no other is sent. Only a strict one is closed.
        const def = zodSchema._zod.def as { type: string; catchall?: unknown };
        if (io === 'output' && def.type === 'object' && def.catchall === undefined) delete jsonSchema.additionalProperties;
      },
    }) as unknown as { schemas: Record<string, Json> };
    if (schemas.__shared) {
      const defs = Object.keys(((schemas.__shared as Json).$defs ?? {}) as Json);
      throw new Error(`schemas without a component of their own (one id on two schemas, or a recursive schema): ${defs.join(', ')}`);
    }
    for (const schema of Object.values(schemas)) {
      delete schema.$schema;
      delete schema.$id;
    }
    return schemas;
  };
  const output = convert('output');
  const input = convert('input');
  const outputIds = reached(responses.values(), output);
  const inputIds = reached(bodies.values(), input);

  // An input reached as output too keeps the name when both read the same (and so do the schemas it refers to).
  const unmarked = (json: Json) => JSON.stringify(json).replaceAll(`${INPUT_MARK}"`, '"');
  const both = [...inputIds].filter((id) => outputIds.has(id));
  const differs = new Set(both.filter((id) => unmarked(input[id]!) !== JSON.stringify(output[id])));
  for (let grown = true; grown;) {
    grown = false;
    for (const id of both) {
      if (!differs.has(id) && [...refsOf(input[id])].some((ref) => differs.has(idOfRef(ref)))) {
        differs.add(id);
        grown = true;
      }
    }
  }
  const inputName = (id: string) => (differs.has(id) ? `${id}Input` : id);

  const schemas: Record<string, Json> = {};
  for (const id of outputIds) schemas[id] = output[id]!;
  for (const id of inputIds) {
    const named = inputName(id);
    if (named === id && outputIds.has(id)) continue; // the same as its output
    if (schemas[named] || (named !== id && holders.has(named))) throw new Error(`the input of ${id} and the schema ${named} would share a name`);
    schemas[named] = JSON.parse(JSON.stringify(input[id]).replace(INPUT_REF, (_, ref: string) => `"${COMPONENT_SCHEMAS}${inputName(ref)}"`)) as Json;
  }
  for (const [id, schema] of Object.entries(schemas)) schemas[id] = foldIntersections(schema, schemas, id) as Json;
  return {
    schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : 1))),
    response: (operation) => {
      const id = responses.get(operation);
      if (!id) throw new Error(`${operation.name} is not an operation of this document`);
      return id;
    },
    body: (operation) => (bodies.has(operation) ? inputName(bodies.get(operation)!) : undefined),
  };
}
