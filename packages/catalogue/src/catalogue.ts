// Every operation of the API, in one list: CDK, the local server and the OpenAPI document read it.
import type { Operation } from './operation.ts';
import * as assets from './operations/assets.ts';
import * as audit from './operations/audit.ts';
import * as evidence from './operations/evidence.ts';
import * as flows from './operations/flows.ts';
import * as system from './operations/system.ts';
import * as tenants from './operations/tenants.ts';
import * as users from './operations/users.ts';

function operationsOf(module: Record<string, unknown>): Operation[] {
  return Object.values(module).filter((value): value is Operation => typeof value === 'object' && value !== null && 'handler' in value && 'method' in value);
}

export const operations: readonly Operation[] = [system, tenants, users, audit, assets, evidence, flows].flatMap(operationsOf);
