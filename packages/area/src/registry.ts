// The registry: every area's declaration gathered and checked once. Generic code takes the part it
// needs from here as a parameter; nothing generic imports an area.
import type { TagDoc } from '@ismf/catalogue/openapi';
import type { Operation } from '@ismf/catalogue/operation';
import { problems } from '@ismf/core/problems';
import { NOTIFICATION_KIND_PATTERN } from '@ismf/core/notifications';
import type { People } from '@ismf/core/people';
import type { ConsumerDefinition } from '@ismf/events/consumers';
import { routePattern, type EventDefinition } from '@ismf/events/event';
import type { ScheduledJob } from '@ismf/events/schedules';
import type { FlowDefinition } from '@ismf/flows/flow-definition';
import type { JobKind } from './job-kind.ts';
import type { OwedSource } from '@ismf/flows/my-tasks';
import type { SubjectKind } from '@ismf/flows/subject-kind';
import type { EntityModel } from '@ismf/store/entity-model';
import type { AreaModule } from './declaration.ts';

/** An event on its way to one consumer: one EventBridge rule in AWS, one route of the local bus. */
export interface EventRoute {
  name: string;
  event: EventDefinition;
  consumer: ConsumerDefinition;
  pattern: Record<string, unknown>;
}

export interface Registry {
  areas: readonly AreaModule[];
  operations: readonly Operation[];
  events: readonly EventDefinition[];
  consumers: readonly ConsumerDefinition[];
  routes: readonly EventRoute[];
  jobs: readonly ScheduledJob[];
  /** The areas' flows, and one per job kind. */
  flows: readonly FlowDefinition[];
  jobKinds: readonly JobKind[];
  subjectKinds: readonly SubjectKind[];
  owed: readonly OwedSource[];
  notificationKinds: readonly string[];
  entities: readonly EntityModel[];
  /** The API document's tags: every tag an operation carries, described by the area that declares it. */
  tags: readonly TagDoc[];
  evidenceSubjects: Readonly<Record<string, Operation>>;
  people: People;
  event(source: string, detailType: string): EventDefinition | undefined;
  jobKind(kind: string): JobKind | undefined;
  /** An unknown kind is a 422: it names no kind of subject that decisions are about. */
  subjectKind(kind: string): SubjectKind;
}

const AREA_NAME = /^[a-z][a-z-]{1,30}$/;

function unique<T>(what: string, items: readonly T[], key: (item: T) => string): void {
  const seen = new Set<string>();
  for (const item of items) {
    const name = key(item);
    if (seen.has(name)) throw new Error(`two ${what} are named ${name}`);
    seen.add(name);
  }
}

export function buildRegistry(areas: readonly AreaModule[]): Registry {
  unique('areas', areas, (area) => area.area);
  for (const area of areas) {
    if (!AREA_NAME.test(area.area)) throw new Error(`area name ${area.area} is not kebab-case`);
    for (const operation of area.operations) {
      if (operation.area !== area.area) throw new Error(`operation ${operation.name} says area ${operation.area} but is declared by ${area.area}`);
    }
    for (const kind of area.notificationKinds ?? []) {
      if (!NOTIFICATION_KIND_PATTERN.test(kind)) throw new Error(`notification kind ${kind} of ${area.area} is not kebab-case`);
    }
  }
  const all = <T>(part: (area: AreaModule) => readonly T[] | undefined) => areas.flatMap((area) => part(area) ?? []);
  const operations = all((area) => area.operations);
  const events = all((area) => area.events);
  const consumers = all((area) => area.consumers);
  const jobs = all((area) => area.jobs);
  const jobKinds = all((area) => area.jobKinds);
  for (const area of areas) {
    for (const kind of area.jobKinds ?? [])
      if (kind.area !== area.area) throw new Error(`job kind ${kind.kind} says area ${kind.area} but is declared by ${area.area}`);
  }
  const flows = [...all((area) => area.flows), ...jobKinds.map((kind) => kind.flow)];
  const subjectKinds = all((area) => area.subjectKinds);
  const entities = all((area) => area.entities);
  const notificationKinds = all((area) => area.notificationKinds);
  unique('operations', operations, (operation) => operation.name);
  unique('routes', operations, (operation) => `${operation.method} ${operation.path}`);
  unique('events', events, (event) => `${event.source} ${event.detailType}`);
  unique('consumers', consumers, (consumer) => consumer.name);
  unique('scheduled jobs', jobs, (job) => job.name);
  unique('flows', flows, (flow) => flow.name);
  unique('job kinds', jobKinds, (kind) => kind.kind);
  unique('subject kinds', subjectKinds, (kind) => kind.kind);
  unique('entity models', entities, (entity) => entity.type);
  unique('notification kinds', notificationKinds, (kind) => kind);

  const declared = new Set(events);
  const routes = consumers.flatMap((consumer) =>
    consumer.subscribes.map(({ event, pattern }) => {
      if (!declared.has(event)) throw new Error(`consumer ${consumer.name} subscribes to ${event.detailType}, which no area declares`);
      return { name: `${event.detailType}-to-${consumer.name}`, event, consumer, pattern: routePattern(event, pattern) };
    }),
  );
  const evidenceSubjects: Record<string, Operation> = {};
  for (const area of areas) {
    for (const [type, read] of Object.entries(area.evidenceSubjects ?? {})) {
      if (!entities.some((entity) => entity.type === type)) throw new Error(`${area.area} takes evidence on ${type}, which no entity model declares`);
      if (!operations.includes(read)) throw new Error(`${area.area} reads evidence subject ${type} through an undeclared operation`);
      evidenceSubjects[type] = read;
    }
  }
  const tags = all((area) => area.tags ?? [{ name: area.area, description: `${area.title}.`, group: area.clause ? 'Management areas (X.1052)' : 'Platform' }]);
  unique('tags', tags, (tag) => tag.name);
  for (const operation of operations) {
    const tag = operation.tag ?? operation.area;
    if (!tags.some((declared) => declared.name === tag)) throw new Error(`operation ${operation.name} carries tag ${tag}, which no area describes`);
  }
  const keepers = areas.filter((area) => area.people);
  if (keepers.length !== 1) throw new Error(`exactly one area keeps the people directory, not ${keepers.length}`);

  return {
    areas,
    operations,
    events,
    consumers,
    routes,
    jobs,
    flows,
    jobKinds,
    jobKind: (kind) => jobKinds.find((candidate) => candidate.kind === kind),
    subjectKinds,
    owed: all((area) => area.owed),
    notificationKinds,
    entities,
    tags: tags.filter((tag) => operations.some((operation) => (operation.tag ?? operation.area) === tag.name)),
    evidenceSubjects,
    people: keepers[0]!.people!,
    event: (source, detailType) => events.find((event) => event.source === source && event.detailType === detailType),
    subjectKind(kind) {
      const found = subjectKinds.find((candidate) => candidate.kind === kind);
      if (!found) throw problems.unprocessable(`no subject kind ${kind}`);
      return found;
    },
  };
}
