// JSON for request bodies, read strictly: a member name given twice, or `__proto__`, is refused with
// the path of the object holding it. JSON.parse keeps the last of two duplicates while a proxy or a
// log may read the first, and `__proto__` turns into a prototype once the value is spread or merged.
// JSON.parse still reads the values; Momoa's AST (an ECMA-404 parser) is what shows the duplicates.
import { parse as parseTree, type ValueNode } from '@humanwhocodes/momoa';
import { problems, type FieldError } from './problems.ts';

export class StrictJsonError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => `${error.path}: ${error.message}`).join('; '));
  }
}

function findUnsafeMembers(node: ValueNode, path: string, errors: FieldError[]): void {
  if (node.type === 'Array') {
    node.elements.forEach((element, index) => findUnsafeMembers(element.value, `${path}.${index}`, errors));
    return;
  }
  if (node.type !== 'Object') return;
  const seen = new Set<string>();
  for (const member of node.members) {
    const name = member.name.type === 'String' ? member.name.value : member.name.name;
    if (name === '__proto__') errors.push({ path: `${path}.${name}`, message: 'a reserved member name' });
    else if (seen.has(name)) errors.push({ path: `${path}.${name}`, message: 'given more than once' });
    seen.add(name);
    findUnsafeMembers(member.value, `${path}.${name}`, errors);
  }
}

/** Parses JSON text; throws SyntaxError for malformed text, StrictJsonError naming each unsafe member. */
export function parseStrictJson(text: string, location = 'body'): unknown {
  const value: unknown = JSON.parse(text);
  // Only objects can hold a duplicate; a scalar document needs no second look.
  if (value === null || typeof value !== 'object') return value;
  const errors: FieldError[] = [];
  findUnsafeMembers(parseTree(text, { mode: 'json' }).body, location, errors);
  if (errors.length) throw new StrictJsonError(errors);
  return value;
}

/** A request body's JSON, or the 400 problem naming what is wrong with it. */
export function readJsonBody(text: string): unknown {
  try {
    return parseStrictJson(text);
  } catch (error) {
    if (error instanceof StrictJsonError) throw problems.invalid('the body repeats or reserves a member name', error.errors);
    throw problems.invalid('the body is not valid JSON', [{ path: 'body', message: (error as Error).message }]);
  }
}
