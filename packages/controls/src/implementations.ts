// What implements a control, derived from the registry, never typed in: the operations, events,
// scheduled jobs and flows whose declared clauses reach it (a category or clause rolls up), and the
// kinds of record whose entity models name it.
import type { Registry } from '@ismf/area/registry';
import type { Control } from './catalogue.ts';
import { reaches } from './numbers.ts';

export interface Implementations {
  operations: { name: string; method: string; path: string; area: string }[];
  events: { detailType: string; source: string; area: string }[];
  jobs: { name: string; area: string }[];
  flows: { name: string; area: string }[];
  records: { type: string; description: string; area: string }[];
}

export function implementationsOf(control: Control, registry: Pick<Registry, 'areas'>): Implementations {
  const found: Implementations = { operations: [], events: [], jobs: [], flows: [], records: [] };
  for (const { area, operations, events, jobs = [], flows = [], entities } of registry.areas) {
    for (const operation of operations.filter((candidate) => reaches(candidate.clauses, control.number))) {
      found.operations.push({ name: operation.name, method: operation.method, path: operation.path, area });
    }
    for (const event of events.filter((candidate) => reaches(candidate.clauses, control.number))) {
      found.events.push({ detailType: event.detailType, source: event.source, area });
    }
    for (const job of jobs.filter((candidate) => reaches(candidate.clauses, control.number))) found.jobs.push({ name: job.name, area });
    for (const flow of flows.filter((candidate) => reaches(candidate.clauses, control.number))) found.flows.push({ name: flow.name, area });
    for (const model of entities.filter((candidate) => candidate.listed && reaches(candidate.controls, control.number))) {
      found.records.push({ type: model.type, description: model.description, area });
    }
  }
  return found;
}
