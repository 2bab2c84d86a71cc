// The functions and routes of one area's operations, in a nested stack of their own: a stack holds at
// most 500 resources and each operation brings about eight (function, role, policy, log group, alarm,
// route, integration, invoke permission), so one stack per area keeps every template far from the limit
// however many areas the catalogue gains. The shared pieces (user pool, APIs, stages, authorizers, domain)
// stay in the parent API stack and reach these templates as parameters.
import { NestedStack, Validations } from 'aws-cdk-lib';
import { HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, type HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { Area, Operation } from '../../packages/catalogue/src/operation.ts';
import { IsmfFunction } from '../constructs/ismf-function.ts';

/** At most this many operations share a nested stack (≈8 resources each: ≤ 360, under the 400 we allow). */
export const MAX_OPERATIONS_PER_NESTED_STACK = 45;

/** One nested stack's share of the catalogue. */
export interface OperationGroup {
  /** The nested stack's construct id: `Area-<area>`, then `Area-<area>-2`… should an area outgrow one stack. */
  id: string;
  area: Area;
  operations: readonly Operation[];
}

/** The catalogue cut into nested stacks: one per area (in catalogue order), split only past the maximum. */
export function operationGroups(operations: readonly Operation[], max: number = MAX_OPERATIONS_PER_NESTED_STACK): OperationGroup[] {
  const byArea = new Map<Area, Operation[]>();
  for (const operation of operations) byArea.set(operation.area, [...(byArea.get(operation.area) ?? []), operation]);
  return [...byArea].flatMap(([area, ofArea]) =>
    Array.from({ length: Math.ceil(ofArea.length / max) }, (_, index) => ({
      id: index === 0 ? `Area-${area}` : `Area-${area}-${index + 1}`,
      area,
      operations: ofArea.slice(index * max, (index + 1) * max),
    })),
  );
}

export interface RoutedOperation {
  operation: Operation;
  /** The API that serves it and the path of its route there (see api-split.ts). */
  api: HttpApi;
  routePath: string;
}

export interface OperationsStackProps {
  area: Area;
  operations: readonly RoutedOperation[];
  table: ITable;
  tableKey: IKey;
  digestKey: IKey;
  tenantDataRole: IRole;
  dataBucketName: string;
  userPoolArn: string;
  userPoolId: string;
  alarmTopic: ITopic;
  /** The web console's URL, every function's ISMF_APP_URL. */
  appUrl?: string;
}

export class OperationsStack extends NestedStack {
  /** Operation name → its function. */
  readonly functions = new Map<string, IsmfFunction>();
  /** Operation name → its route. */
  readonly routes = new Map<string, HttpRoute>();

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, { description: `ISMF API: the ${props.area} operations, a function and a route each` });
    for (const { operation, api, routePath } of props.operations) {
      const fn = new IsmfFunction(this, `Op-${operation.name}`, {
        handler: operation.handler,
        description: `${operation.method} ${operation.path} — ${operation.summary}`,
        serviceName: `ismf-${operation.area}`,
        access: operation.access,
        table: props.table,
        tableKey: props.tableKey,
        digestKey: props.digestKey,
        tenantDataRole: props.tenantDataRole,
        dataBucketName: props.dataBucketName,
        userPoolArn: props.userPoolArn,
        alarmTopic: props.alarmTopic,
        appUrl: props.appUrl,
        environment: operation.access.identityProvider?.length ? { USER_POOL_ID: props.userPoolId } : {},
      });
      this.functions.set(operation.name, fn);
      const isPublic = 'public' in operation.callers;
      // Created here rather than through api.addRoutes (which would put the route in the API's stack); the
      // API's default authorizer still applies unless the operation is public.
      const route = new HttpRoute(this, `Route-${operation.name}`, {
        httpApi: api,
        routeKey: HttpRouteKey.with(routePath, HttpMethod[operation.method]),
        integration: new HttpLambdaIntegration(`Integration-${operation.name}`, fn.function),
        ...(isPublic ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      if (isPublic) {
        Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: `${operation.path} is public by design: ${operation.description}` });
      }
      this.routes.set(operation.name, route);
    }
  }
}
