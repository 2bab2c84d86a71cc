// The cloud's size, read from the synthesized templates: resources per stack (nested ones included),
// routes per HTTP API and the API mapping keys that reach each. The infrastructure tests assert limits on
// these figures; the bench prints them for the real catalogue.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, NestedStack, Stack, type CfnElement } from 'aws-cdk-lib';
import type { Registry } from '../packages/area/src/registry.ts';
import { buildApp, cdkJsonContext, OFFLINE_CONTEXT } from './build-app.ts';
import type { ApiStack } from './stacks/api-stack.ts';

/** A CloudFormation template, loosely typed: its resources are of every type, and readers check what they read. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- resource properties differ by type
export type CfnTemplate = { Resources: Record<string, { Type: string; Properties?: any }>; Parameters?: Record<string, unknown> };

/** Every stack of the app, nested ones after their parent, in construct-tree order. */
export function stacksOf(app: App): Stack[] {
  return app.node.findAll().filter((node): node is Stack => Stack.isStack(node));
}

/** A stack's synthesized template (the app is synthesized once and cached by CDK). */
export function templateOf(stack: Stack): CfnTemplate {
  const app = stack.node.root as App;
  const assembly = app.synth();
  if (stack.nestedStackParent) return JSON.parse(readFileSync(join(assembly.directory, stack.templateFile), 'utf8')) as CfnTemplate;
  return assembly.getStackArtifact(stack.artifactId).template as CfnTemplate;
}

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const refOf = (value: unknown): string | undefined =>
  value && typeof value === 'object' && 'Ref' in value ? String((value as { Ref: unknown }).Ref) : undefined;

/** One route as the templates declare it. */
export interface TemplateRoute {
  /** The nested stack (construct path) that holds it. */
  stack: string;
  routeKey: string;
  /** The logical id, in that stack, of the function its integration invokes. */
  functionId: string;
}

export interface TemplateApi {
  /** The API's logical id in the API stack. */
  logicalId: string;
  /** The domain's API mapping keys that lead to it (`''`: the empty mapping); `['']` for the only API when there is no domain. */
  mappingKeys: string[];
  routes: TemplateRoute[];
}

/**
 * Every HTTP API of the API stack with its routes, found through the nested stacks' templates: a route's
 * ApiId is a parameter of its nested stack, which the parent sets to the API's Ref.
 */
export function apisOf(api: ApiStack): TemplateApi[] {
  const parent = templateOf(api);
  const apis = new Map<string, TemplateApi>(
    api.apis.map((httpApi) => [logicalId(api, httpApi), { logicalId: logicalId(api, httpApi), mappingKeys: [], routes: [] }]),
  );
  const mappings = Object.values(parent.Resources).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::ApiMapping');
  for (const mapping of mappings) apis.get(refOf(mapping.Properties.ApiId)!)!.mappingKeys.push(mapping.Properties.ApiMappingKey ?? '');
  if (!mappings.length && apis.size === 1) apis.values().next().value!.mappingKeys.push('');

  for (const nested of api.node.findAll().filter((node): node is NestedStack => NestedStack.isNestedStack(node) && node.nestedStackParent === api)) {
    const template = templateOf(nested);
    const parameters = parent.Resources[api.getLogicalId(nested.nestedStackResource!)]!.Properties.Parameters as Record<string, unknown>;
    for (const route of Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')) {
      const parameter = refOf(route.Properties.ApiId)!;
      const target = apis.get(refOf(parameters[parameter])!);
      if (!target) throw new Error(`${nested.node.path}: route ${route.Properties.RouteKey} is on no API of the stack`);
      // Target: { Fn::Join: ['', ['integrations/', { Ref: <integration> }]] }; the integration names the function.
      const integration = refOf((route.Properties.Target['Fn::Join'] as [string, unknown[]])[1][1])!;
      const uri = template.Resources[integration]!.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] };
      target.routes.push({ stack: nested.node.path, routeKey: route.Properties.RouteKey, functionId: uri['Fn::GetAtt'][0] });
    }
  }
  return [...apis.values()];
}

export interface InfraFigures {
  operations: number;
  /** Resources per stack, by construct path (`IsmfApi/Area-assets` for a nested one). */
  stacks: { stack: string; resources: number }[];
  /** Routes per HTTP API, with the mapping keys that reach it. */
  apis: { api: string; mappingKeys: string[]; routes: number }[];
  apiCount: number;
}

/** The figures of an app already built (by buildApp). */
export function figuresOf(built: { app: App; api: ApiStack }): InfraFigures {
  const apis = apisOf(built.api);
  return {
    operations: built.api.functions.size,
    stacks: stacksOf(built.app).map((stack) => ({ stack: stack.node.path, resources: Object.keys(templateOf(stack).Resources).length })),
    apis: apis.map((api) => ({ api: api.logicalId, mappingKeys: api.mappingKeys, routes: api.routes.length })),
    apiCount: apis.length,
  };
}

/**
 * The figures of the real app (or of the given registry and CDK context), built in-process with
 * bundling skipped, synthesized into a temporary folder removed afterwards.
 */
export function infraFigures(options: { registry?: Registry; context?: Record<string, unknown> } = {}): InfraFigures {
  const outdir = mkdtempSync(join(tmpdir(), 'ismf-figures-'));
  try {
    const built = buildApp(
      new App({ outdir, context: { ...cdkJsonContext(), ...OFFLINE_CONTEXT, 'aws:cdk:bundling-stacks': [], ...options.context } }),
      options.registry,
    );
    return figuresOf(built);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
