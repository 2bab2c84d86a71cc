import { registry } from '@ismf/app/areas';
import { describe, expect, it } from 'vitest';
import {
  MAX_ROUTES_PER_API,
  planApis,
  publicPath,
  resourceRoot,
  routeClash,
  selectMappingKey,
  stripMappingKey,
  type RouteSource,
} from '../../infra/api-split.ts';

const { operations } = registry;

const op = (method: string, path: string, name = `${method} ${path}`): RouteSource => ({ name, method, path });

/** Every operation of the plan, reached as API Gateway would: mapping key selected, then the route on that API. */
function reach(plan: ReturnType<typeof planApis>, path: string, method: string) {
  const keys = plan.apis.flatMap((api) => api.mappingKeys);
  const key = selectMappingKey(path, keys)!;
  const api = plan.apis.find((candidate) => candidate.mappingKeys.includes(key))!;
  const routePath = key === '' ? path : path.slice(key.length + 1) || '/';
  return api.routes.filter((route) => route.method === method && route.routePath === routePath);
}

describe('the API plan', () => {
  it('serves the real catalogue from one API at the empty mapping with full paths', () => {
    const plan = planApis(operations);
    expect(plan.apis).toHaveLength(1);
    expect(plan.apis[0]!.mappingKeys).toEqual(['']);
    // Every operation once, at its full path (the plan groups routes by resource root, so the order may differ).
    const byName = (a: string[], b: string[]) => a[0]!.localeCompare(b[0]!);
    expect(plan.apis[0]!.routes.map((route) => [route.operation, route.method, route.routePath]).sort(byName)).toEqual(
      operations.map((operation) => [operation.name, operation.method, operation.path]).sort(byName),
    );
  });

  it('keeps whole roots on the first API with full paths, and strips the root on the others', () => {
    const plan = planApis(operations, 20);
    expect(plan.apis.length).toBeGreaterThan(1);
    const [first, ...others] = plan.apis;
    expect(first!.mappingKeys).toEqual(['']);
    expect(first!.routes.length).toBeLessThanOrEqual(20);
    for (const route of first!.routes) expect(route.routePath).toBe(route.path);
    for (const api of others) {
      expect(api.mappingKeys).toEqual(api.roots);
      expect(api.routes.length).toBeLessThanOrEqual(20);
      for (const route of api.routes) {
        const root = resourceRoot(route.path);
        expect(api.roots).toContain(root);
        expect(route.routePath).toBe(stripMappingKey(route.path, root));
        expect(publicPath(root, route.routePath)).toBe(route.path);
      }
    }
    // Every root on exactly one API, whole.
    const roots = plan.apis.flatMap((api) => api.roots);
    expect(new Set(roots).size).toBe(roots.length);
    for (const api of plan.apis) expect(new Set(api.routes.map((route) => resourceRoot(route.path)))).toEqual(new Set(api.roots));
    // Every operation exactly once, reachable at its public path.
    expect(plan.apis.flatMap((api) => api.routes.map((route) => route.operation)).sort()).toEqual(operations.map((operation) => operation.name).sort());
    for (const operation of operations)
      expect(
        reach(plan, operation.path, operation.method).map((route) => route.operation),
        operation.path,
      ).toEqual([operation.name]);
  });

  it('strips the mapping key as API Gateway does', () => {
    expect(stripMappingKey('/assets', 'assets')).toBe('/');
    expect(stripMappingKey('/assets/{assetId}', 'assets')).toBe('/{assetId}');
    expect(stripMappingKey('/assets/{assetId}/reviews', 'assets')).toBe('/{assetId}/reviews');
    expect(stripMappingKey('/assets', '')).toBe('/assets');
    expect(() => stripMappingKey('/asset-policy', 'asset')).toThrow();
    expect(publicPath('assets', '/')).toBe('/assets');
    expect(publicPath('', '/assets')).toBe('/assets');
  });

  it('never puts roots whose stripped routes clash on one API', () => {
    const plan = planApis([op('GET', '/a'), op('GET', '/b/{bId}'), op('GET', '/c/{cId}'), op('POST', '/d/{dId}/x'), op('GET', '/e/list'), op('PUT', '/f')], 1);
    const byRoot = new Map(plan.apis.flatMap((api, index) => api.roots.map((root) => [root, index])));
    expect(byRoot.get('a')).toBe(0);
    // b, c and d name different variables at the same place (a conflict whatever the method): three APIs.
    expect(new Set([byRoot.get('b'), byRoot.get('c'), byRoot.get('d')]).size).toBe(3);
    for (const api of plan.apis)
      expect(routeClash(api.routes.map((route) => ({ method: route.method, path: route.routePath }))), api.roots.join()).toBeUndefined();
    // With room, roots whose stripped routes do not clash share an API: GET /{bId} and GET /list do not.
    const roomy = planApis([op('GET', '/a'), op('GET', '/z'), op('GET', '/b/{bId}'), op('GET', '/e/list'), op('PUT', '/f')], 2);
    expect(roomy.apis.map((api) => api.roots)).toEqual([['a', 'z'], ['b', 'e'], ['f']]);
  });

  it('recognises clashing route sets', () => {
    expect(
      routeClash([
        { method: 'GET', path: '/{a}' },
        { method: 'GET', path: '/{b}' },
      ]),
    ).toMatch(/same route/);
    expect(
      routeClash([
        { method: 'GET', path: '/{a}/x' },
        { method: 'POST', path: '/{b}' },
      ]),
    ).toMatch(/names \{b\}/);
    expect(
      routeClash([
        { method: 'GET', path: '/' },
        { method: 'GET', path: '/' },
      ]),
    ).toMatch(/same route/);
    expect(
      routeClash([
        { method: 'GET', path: '/' },
        { method: 'POST', path: '/' },
        { method: 'GET', path: '/{a}' },
        { method: 'GET', path: '/import' },
      ]),
    ).toBeUndefined();
    expect(
      routeClash([
        { method: 'GET', path: '/x/{a}' },
        { method: 'GET', path: '/y/{b}' },
      ]),
    ).toBeUndefined();
  });

  it('leaves no mapping key that captures a first-API root by character prefix', () => {
    // `asset` as a mapping key would capture /assets/… where mapping selection is by character prefix.
    const catalogue = [op('GET', '/x'), op('GET', '/x/one'), op('GET', '/assets'), op('GET', '/asset'), op('GET', '/asset/{id}')];
    const plan = planApis(catalogue, 3);
    // /assets alone would fit on the first API, but not with /asset, which therefore must be mapped.
    expect(plan.apis[0]!.roots).toEqual(['x']);
    const mapped = plan.apis.slice(1).flatMap((api) => api.mappingKeys);
    for (const root of plan.apis[0]!.roots) for (const key of mapped) expect(root.startsWith(key), `${key} captures ${root}`).toBe(false);
    for (const { method, path, name } of catalogue) expect(reach(plan, path, method).map((route) => route.operation)).toEqual([name]);
  });

  it('keeps a root that cannot be a mapping key on the first API', () => {
    const plan = planApis([op('GET', '/a'), op('GET', '/a/b'), op('GET', '/{tenant}/c')], 2);
    expect(plan.apis.map((api) => api.roots)).toEqual([['{tenant}'], ['a']]);
  });

  it('is deterministic, and fails clearly where no plan exists', () => {
    expect(JSON.stringify(planApis(operations, 20))).toBe(JSON.stringify(planApis([...operations], 20)));
    expect(() => planApis([op('GET', '/a'), op('GET', '/a/{x}'), op('GET', '/a/{x}/y'), op('GET', '/b')], 2)).toThrow(/\/a alone has 3 operations/);
    expect(() => planApis([op('GET', '/a/{x}'), op('GET', '/a/{y}')])).toThrow(/clash/);
    expect(() => planApis([op('GET', 'a')])).toThrow(/must start with \//);
    expect(() => planApis([op('GET', '/a', 'same'), op('GET', '/b', 'same')])).toThrow(/unique/);
    expect(MAX_ROUTES_PER_API).toBe(300);
  });

  it('selects the longest mapping key that is a whole leading segment', () => {
    const keys = ['', 'asset-policy', 'asset-policy-changes', 'assets'];
    expect(selectMappingKey('/asset-policy-changes/1', keys)).toBe('asset-policy-changes');
    expect(selectMappingKey('/asset-policy', keys)).toBe('asset-policy');
    expect(selectMappingKey('/assets/1', keys)).toBe('assets');
    expect(selectMappingKey('/tenants', keys)).toBe('');
  });
});
