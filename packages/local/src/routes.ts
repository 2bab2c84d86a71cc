// Matching requests to catalogue routes, as API Gateway does: method plus path template.
import type { Operation } from '@ismf/catalogue/operation';

export interface Route {
  operation: Operation;
  routeKey: string;
  pattern: RegExp;
  names: string[];
}

export function buildRoutes(operations: readonly Operation[]): Route[] {
  return operations
    .map((operation) => {
      const names: string[] = [];
      const source = operation.path
        .split('/')
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(param[1]!);
          return '([^/]+)';
        })
        .join('/');
      return { operation, routeKey: `${operation.method} ${operation.path}`, pattern: new RegExp(`^${source}$`), names };
    })
    .sort((a, b) => a.names.length - b.names.length);
}

export type Match = { route: Route; pathParameters: Record<string, string> } | { methodNotAllowed: string[] } | undefined;

export function matchRoute(routes: Route[], method: string, path: string): Match {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.operation.method !== method) {
      allowed.push(route.operation.method);
      continue;
    }
    const pathParameters: Record<string, string> = {};
    route.names.forEach((name, index) => {
      pathParameters[name] = decodeURIComponent(match[index + 1]!);
    });
    return { route, pathParameters };
  }
  return allowed.length ? { methodNotAllowed: allowed } : undefined;
}
