// Plans the HTTP APIs that serve the catalogue behind one custom domain, from the operations alone (no
// hand-written lists). An HTTP API takes at most 300 integrations (not raisable) and, by default, 300
// routes; every operation has a function, route and integration of its own, so an API holds at most 300
// operations. When the catalogue fits in one API, that API is mapped at the empty path with the full
// paths (the behaviour before the split). When it does not, the first API keeps the empty mapping and
// full paths for as many whole resource roots (`assets` for `/assets/{assetId}/reviews`) as fit; the other
// roots go to further APIs, each root reached through an API mapping whose key is the root. API Gateway
// strips the mapping key before routing (`/assets/{assetId}` arrives at such an API as `/{assetId}`), so
// their routes are registered without the root, and roots whose stripped routes would clash never share
// an API. The public paths never change: which API serves a root is an implementation detail. Handlers
// see no difference either: with payload format 2.0 the event's rawPath still holds the mapping key
// (only routeKey is the stripped route), so a Location header built from rawPath stays a public path.

/** The non-raisable integrations-per-API quota of HTTP APIs (one integration per operation here). */
export const MAX_ROUTES_PER_API = 300;

/** What the planner reads of an operation. */
export interface RouteSource {
  name: string;
  method: string;
  path: string;
}

export interface PlannedRoute {
  /** The operation's name. */
  operation: string;
  method: string;
  /** The public path, as the catalogue declares it. */
  path: string;
  /** The path of the route on its API: the public path without the API mapping key. */
  routePath: string;
}

export interface PlannedApi {
  /**
   * The API mapping keys of the custom domain that lead to this API: `['']` for the API mapped at the
   * empty path (full paths), else its roots, one mapping each.
   */
  mappingKeys: readonly string[];
  /** The resource roots it serves, in catalogue order. */
  roots: readonly string[];
  routes: readonly PlannedRoute[];
}

export interface ApiPlan {
  apis: readonly PlannedApi[];
}

/**
 * Characters API Gateway allows in an API mapping key (letters, digits and `$-_.+!*'()`; `/` is left out
 * because a key here is one path segment).
 */
const MAPPING_KEY = /^[A-Za-z0-9$\-_.+!*'()]+$/;

/** The first segment of a path: its resource root (`''` for `/`). */
export function resourceRoot(path: string): string {
  return path.split('/')[1] ?? '';
}

/** The route path an API reached through mapping key `key` must register for a public path. */
export function stripMappingKey(path: string, key: string): string {
  if (key === '') return path;
  if (path !== `/${key}` && !path.startsWith(`/${key}/`)) throw new Error(`${path} is not under the API mapping key ${key}`);
  return path.slice(key.length + 1) || '/';
}

/** The public path of a route registered on an API reached through mapping key `key`. */
export function publicPath(key: string, routePath: string): string {
  if (key === '') return routePath;
  return routePath === '/' ? `/${key}` : `/${key}${routePath}`;
}

const isVariable = (segment: string) => segment.startsWith('{') && segment.endsWith('}');
/** A segment as API Gateway compares route keys: a path variable is a variable whatever its name. */
const shape = (segment: string) => (isVariable(segment) ? (segment.endsWith('+}') ? '{+}' : '{}') : segment);

/**
 * Why these routes cannot live on one HTTP API, or undefined if they can. Two routes clash when their
 * keys differ only in parameter names (`GET /{a}` and `GET /{b}`), and whatever their methods when they
 * name a variable at the same place differently (`/{a}/x` and `/{b}`): API Gateway answers both with a
 * ConflictException ("conflicting variable on the same hierarchical level").
 */
export function routeClash(routes: readonly { method: string; path: string }[]): string | undefined {
  const keys = new Map<string, string>();
  const variables = new Map<string, { name: string; path: string }>();
  for (const { method, path } of routes) {
    const segments = path.split('/').slice(1);
    const key = `${method} /${segments.map(shape).join('/')}`;
    const same = keys.get(key);
    if (same !== undefined) return `${method} ${path} and ${same} are the same route`;
    keys.set(key, `${method} ${path}`);
    for (const [index, segment] of segments.entries()) {
      if (!isVariable(segment)) continue;
      const parent = segments.slice(0, index).map(shape).join('/');
      const seen = variables.get(parent);
      if (seen && seen.name !== segment) return `${path} names ${segment} where ${seen.path} names ${seen.name}`;
      if (!seen) variables.set(parent, { name: segment, path });
    }
  }
  return undefined;
}

interface Root {
  name: string;
  operations: RouteSource[];
}

/** The operations grouped by resource root, roots in the order the catalogue first names them. */
function rootsOf(operations: readonly RouteSource[]): Root[] {
  const roots = new Map<string, Root>();
  for (const operation of operations) {
    const { path } = operation;
    if (path !== '/' && (!path.startsWith('/') || path.endsWith('/')))
      throw new Error(`operation ${operation.name}: ${path} must start with / and not end with one`);
    const name = resourceRoot(path);
    if (!roots.has(name)) roots.set(name, { name, operations: [] });
    roots.get(name)!.operations.push(operation);
  }
  return [...roots.values()];
}

const routesOf = (roots: readonly Root[], key: (root: Root) => string) =>
  roots.flatMap((root) =>
    root.operations.map((operation) => ({
      operation: operation.name,
      method: operation.method,
      path: operation.path,
      routePath: stripMappingKey(operation.path, key(root)),
    })),
  );

const clashOn = (routes: readonly PlannedRoute[]) => routeClash(routes.map((route) => ({ method: route.method, path: route.routePath })));

/**
 * The APIs for these operations. Deterministic: the same catalogue always gives the same plan. Throws
 * when no plan exists (a root that alone exceeds an API, or routes that clash on any API).
 */
export function planApis(operations: readonly RouteSource[], maxRoutes: number = MAX_ROUTES_PER_API): ApiPlan {
  const roots = rootsOf(operations);
  const full = () => '';
  const names = new Set(operations.map((operation) => operation.name));
  if (names.size !== operations.length) throw new Error('operation names must be unique');

  if (operations.length <= maxRoutes) {
    const routes = routesOf(roots, full);
    const problem = clashOn(routes);
    if (problem) throw new Error(`the catalogue's routes clash: ${problem}`);
    return { apis: [{ mappingKeys: [''], roots: roots.map((root) => root.name), routes }] };
  }

  for (const root of roots) {
    if (root.operations.length > maxRoutes) {
      throw new Error(`the resource root /${root.name} alone has ${root.operations.length} operations, more than an HTTP API holds (${maxRoutes})`);
    }
  }
  // A root that is not a valid mapping key (a path variable, odd characters) can only be served with full paths.
  const mappable = (root: Root) => MAPPING_KEY.test(root.name);
  // Mapping selection is by longest prefix, and for domains with multi-level mappings AWS documents a
  // character prefix (`ordersandmore` is served by the mapping `orders`). So a root stays on the first API
  // only together with every root that is a prefix of it: no mapping key ever captures its requests.
  const prefixesOf = (root: Root) => roots.filter((other) => other !== root && root.name.startsWith(other.name));

  const first = new Set<Root>();
  let firstCount = 0;
  const size = (unit: Root[]) => unit.reduce((sum, member) => sum + member.operations.length, 0);
  const admit = (unit: Root[]) => {
    for (const root of unit) first.add(root);
    firstCount += size(unit);
  };
  // A root's unit: itself and the roots that are its prefixes, less those already on the first API.
  const unitOf = (root: Root) => [root, ...prefixesOf(root)].filter((member) => !first.has(member));
  for (const root of roots.filter((candidate) => !mappable(candidate))) {
    const unit = unitOf(root);
    if (firstCount + size(unit) > maxRoutes)
      throw new Error(`the roots that cannot be API mapping keys need more than one API: ${unit.map((member) => member.name).join(', ')}`);
    admit(unit);
  }
  // Then as many whole roots as fit, in catalogue order (a root that does not fit is skipped, a later
  // smaller one may still fit): earlier roots keep their API as the catalogue grows.
  for (const root of roots) {
    const unit = unitOf(root);
    if (unit.length && firstCount + size(unit) <= maxRoutes) admit(unit);
  }

  const primary: PlannedApi = {
    mappingKeys: [''],
    roots: roots.filter((root) => first.has(root)).map((root) => root.name),
    routes: routesOf(
      roots.filter((root) => first.has(root)),
      full,
    ),
  };
  const problem = clashOn(primary.routes);
  if (problem) throw new Error(`the catalogue's routes clash: ${problem}`);

  // The other roots, first fit in catalogue order: an API takes a root if the root fits and its stripped
  // routes clash with none already there.
  const overflow: { roots: Root[]; routes: PlannedRoute[] }[] = [];
  for (const root of roots.filter((candidate) => !first.has(candidate))) {
    const routes = routesOf([root], (own) => own.name);
    const alone = clashOn(routes);
    if (alone) throw new Error(`the routes of /${root.name} clash once the root is stripped: ${alone}`);
    const home = overflow.find((api) => api.routes.length + routes.length <= maxRoutes && !clashOn([...api.routes, ...routes]));
    if (home) {
      home.roots.push(root);
      home.routes.push(...routes);
    } else overflow.push({ roots: [root], routes });
  }
  return {
    apis: [
      primary,
      ...overflow.map((api) => ({ mappingKeys: api.roots.map((root) => root.name), roots: api.roots.map((root) => root.name), routes: api.routes })),
    ],
  };
}

/**
 * The mapping key API Gateway selects for a public path among a domain's keys: the longest key that is a
 * whole leading segment of the path, else the empty mapping.
 */
export function selectMappingKey(path: string, keys: readonly string[]): string | undefined {
  const matching = keys.filter((key) => key === '' || path === `/${key}` || path.startsWith(`/${key}/`));
  return matching.sort((a, b) => b.length - a.length)[0];
}
