// The one declaration a management area exports: everything the platform needs to know of it. The
// composition root lists the areas; the catalogue, event routing, flow engine, `/me/tasks`,
// notifications, the local runtime, the API document and CDK read the registry built from them.
import type { TagDoc } from '@ismf/catalogue/openapi';
import type { Operation } from '@ismf/catalogue/operation';
import type { People } from '@ismf/core/people';
import type { ConsumerDefinition } from '@ismf/events/consumers';
import type { EventDefinition } from '@ismf/events/event';
import type { ScheduledJob } from '@ismf/events/schedules';
import type { FlowDefinition } from '@ismf/flows/flow-definition';
import type { OwedSource } from '@ismf/flows/my-tasks';
import type { SubjectKind } from '@ismf/flows/subject-kind';
import type { EntityModel } from '@ismf/store/entity-model';
import type { JobKind } from './job-kind.ts';

export interface AreaModule {
  /** The area's name: operations, nested stacks and tags carry it (`assets`, `organization`). */
  area: string;
  /** How people call it: "Asset management". */
  title: string;
  /** The X.1052 clause it carries out (`10` for assets); none for the platform's own areas. */
  clause?: string;
  /**
   * X.1051 numbers the area declares beyond its X.1052 table (tables 1–14 list what each area's activities
   * confirm), each with the reason: a test holds every other declared number to the table.
   */
  clausesBeyondTable?: Readonly<Record<string, string>>;
  /**
   * The API document's tags its operations carry (an operation's `tag`, else the area's name), each described
   * for people with the clauses it serves. Without, one tag named after the area, described by its title.
   */
  tags?: readonly TagDoc[];
  operations: readonly Operation[];
  events: readonly EventDefinition[];
  consumers?: readonly ConsumerDefinition[];
  jobs?: readonly ScheduledJob[];
  flows?: readonly FlowDefinition[];
  /** Kinds of bulk job (imports, exports, sweeps) over the area's records: POST /jobs starts them. */
  jobKinds?: readonly JobKind[];
  /** Kinds of subject that go through human decisions (policies, change plans, residual risks …). */
  subjectKinds?: readonly SubjectKind[];
  /** What the area owes people beyond decisions and work tasks (asset reviews …): `/me/tasks` lists it. */
  owed?: readonly OwedSource[];
  /** Kinds of notification the area sends (people choose e-mail now or the daily digest per kind). */
  notificationKinds?: readonly string[];
  entities: readonly EntityModel[];
  /** Records that take evidence, each with the operation that reads it: evidence shows to its callers only. */
  evidenceSubjects?: Readonly<Record<string, Operation>>;
  /** The tenant's people, for the generic machinery: declared by the area that keeps the directory. */
  people?: People;
}

export function defineArea(area: AreaModule): AreaModule {
  return area;
}
