import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operations } from '@ismf/catalogue/catalogue';

const root = resolve(import.meta.dirname, '../..');
const reference = JSON.parse(readFileSync(resolve(root, '../shared/reference/x1051-2008-controls.json'), 'utf8')) as {
  clauses: { number: string; categories: { number: string; controls: { number: string }[] }[] }[];
};
const knownClauses = new Set(
  reference.clauses.flatMap((clause) => [
    clause.number,
    ...clause.categories.flatMap((category) => [category.number, ...category.controls.map((control) => control.number)]),
  ]),
);

describe('the operation catalogue', () => {
  it('names only X.1051 (2008) clauses that exist', () => {
    expect(knownClauses.size).toBe(11 + 39 + 133);
    for (const operation of operations) {
      for (const clause of operation.clauses) expect(knownClauses, `${operation.name}: ${clause}`).toContain(clause);
    }
  });

  it('declares each operation once, with a unique route and an existing handler module', async () => {
    const names = operations.map((operation) => operation.name);
    const routes = operations.map((operation) => `${operation.method} ${operation.path}`);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(routes).size).toBe(routes.length);
    for (const operation of operations) {
      expect(existsSync(resolve(root, operation.handler)), operation.handler).toBe(true);
      const module = await import(resolve(root, operation.handler));
      expect(typeof module.handler, operation.handler).toBe('function');
    }
  });

  it('lets every create (201) take an Idempotency-Key, so a client retry never makes a second record', () => {
    const creates = operations.filter((operation) => operation.successStatus === 201);
    expect(creates.length).toBeGreaterThan(0);
    for (const operation of creates) expect(operation.idempotent, `${operation.name} declares idempotent`).toBe(true);
  });

  it('declares a schema for every path parameter, and a body only where one is sent', () => {
    for (const operation of operations) {
      const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = operation.params ? Object.keys((operation.params as unknown as { shape: object }).shape) : [];
      expect(declared.sort(), operation.name).toEqual(names.sort());
      if (operation.method === 'GET') expect(operation.body, operation.name).toBeUndefined();
      if (operation.versioned) expect(['PATCH', 'PUT']).toContain(operation.method);
      if (operation.method !== 'GET' && !('public' in operation.callers)) expect(operation.access.table).toBe('write');
    }
  });

  it('has examples that its own schemas accept', () => {
    for (const operation of operations) {
      expect(operation.response.safeParse(operation.examples.response).success, `${operation.name} response`).toBe(true);
      if (operation.body) expect(operation.body.safeParse(operation.examples.body).success, `${operation.name} body`).toBe(true);
    }
  });
});
