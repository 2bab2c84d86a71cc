// Weakness reports (X.1051 13.1.2): anyone of the tenant — employees, contractors, third-party users — notes a
// security weakness they observed or suspect and reports it; the security officers are told. A security officer
// other than the reporter (separation of duties) triages it: into an advisory entered by hand (its document id
// the report's id), or dismissed with a reason; the reporter is told which. Overseers (security officers,
// administrators, auditors) see every report; everyone else only their own, read from the reporter index.
import type { TableAccess } from '@ismf/core/access';
import { newId } from '@ismf/core/ids';
import { problems, type FieldError } from '@ismf/core/problems';
import { notificationRequested } from '@ismf/events/notification-requested';
import { literal } from '@ismf/mail/notification-text';
import { assetEntity } from '@ismf/assets/entities';
import { entityView, getEntities, queryPatternPage, requireEntity, type PageRequest } from '@ismf/store/entities';
import { commitIdempotent, type IdempotencyRequest } from '@ismf/store/idempotency';
import { personNames } from '@ismf/store/people-names';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import { checkManualAdvisory, storeManualAdvisory } from './manual-advisories.ts';
import { WEAKNESS_OVERSEERS, type WeaknessReportInput, type WeaknessState, type WeaknessTriage } from './entry-rules.ts';
import { weaknessReportEntity, type WeaknessReportData, type WeaknessTriageRecord } from './weakness-entities.ts';

const REPORT = weaknessReportEntity.type;
/** A clock a little ahead of ours is no report from the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface WeaknessCaller {
  userId: string;
  roles: readonly string[];
}

export const isOverseer = (roles: readonly string[]) => roles.some((role) => (WEAKNESS_OVERSEERS as readonly string[]).includes(role));

/** Reports as the API shows them: the reporter and the triaging officer named (one directory read for the page). */
export async function reportViews(tenantId: string, reports: readonly StoredEntity<WeaknessReportData>[]) {
  const names = await personNames(tenantId, { subjects: reports.flatMap((report) => [report.data.reporter, report.data.triage?.by]) });
  return reports.map((report) => {
    const { triage } = report.data;
    return {
      ...entityView(report),
      reporterPerson: names.subject(report.data.reporter),
      ...(triage ? { triage: { ...triage, byPerson: names.subject(triage.by) } } : {}),
    };
  });
}

const reportView = async (tenantId: string, report: StoredEntity<WeaknessReportData>) => (await reportViews(tenantId, [report]))[0]!;

/** The assets a report names, each read by key: another tenant's asset cannot be addressed, so it is missing here. */
async function assetProblems(tenantId: string, assetIds: readonly string[]): Promise<FieldError[]> {
  if (!assetIds.length) return [];
  const found = await getEntities(
    tenantId,
    assetIds.map((id) => ({ type: assetEntity.type, id })),
  );
  return assetIds.flatMap((id, index) =>
    found(assetEntity.type, id) ? [] : [{ path: `body.assetIds.${index}`, message: 'no asset of this tenant has this id' }],
  );
}

/** POST /weakness-reports: any role reports; the security officers (but the reporter) are told. */
export async function createWeaknessReport(ctx: WriteContext, tenantId: string, input: WeaknessReportInput, idempotency?: IdempotencyRequest) {
  const errors = await assetProblems(tenantId, input.assetIds ?? []);
  if (input.observedAt && Date.parse(input.observedAt) > Date.now() + CLOCK_SKEW_MS) {
    errors.push({ path: 'body.observedAt', message: 'in the future' });
  }
  if (errors.length) throw problems.unprocessable('the weakness report cannot be taken as given', errors);
  const id = newId();
  return commitIdempotent(tenantId, ctx.operation, idempotency, async () => {
    const work = new UnitOfWork(ctx);
    const report = work.create(weaknessReportEntity, tenantId, id, {
      title: input.title,
      description: input.description,
      ...(input.observedAt ? { observedAt: new Date(input.observedAt).toISOString() } : {}),
      assetIds: input.assetIds ?? [],
      ...(input.location ? { location: input.location } : {}),
      ...(input.contact ? { contact: input.contact } : {}),
      state: 'reported',
      reporter: ctx.actor.userId,
    });
    const view = await reportView(tenantId, report);
    const assets = report.data.assetIds.length;
    work.event(
      notificationRequested.of(tenantId, {
        kind: 'weakness-reported',
        recipients: { roles: ['security-officer'] },
        exclude: [ctx.actor.userId],
        title: `Weakness reported: ${literal(input.title)}`,
        text: `${literal(view.reporterPerson.name)} reported a security weakness${assets ? ` concerning ${assets} asset${assets === 1 ? '' : 's'}` : ''}: “${literal(input.title)}”. Triage it: record it as an advisory, or dismiss it with a reason.`,
        link: `/weakness-reports/${id}`,
      }),
    );
    return { work, response: view };
  });
}

/** GET /weakness-reports: an overseer's every report (of one state), anyone else's own, newest first. */
export async function listWeaknessReports(tenantId: string, caller: WeaknessCaller, filter: { state?: WeaknessState }, page: PageRequest) {
  const options = { page, descending: true };
  const result = !isOverseer(caller.roles)
    ? await queryPatternPage(
        weaknessReportEntity,
        'byReporter',
        tenantId,
        { reporter: caller.userId },
        { ...options, ...(filter.state ? { where: { state: filter.state } } : {}) },
      )
    : filter.state
      ? await queryPatternPage(weaknessReportEntity, 'byState', tenantId, { state: filter.state }, options)
      : await queryPatternPage(weaknessReportEntity, 'list', tenantId, {}, options);
  return { items: await reportViews(tenantId, result.items), ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}

/** A report the caller may read: someone else's is not there for anyone but an overseer. */
async function readableReport(tenantId: string, caller: WeaknessCaller, id: string) {
  const report = await requireEntity<WeaknessReportData>(tenantId, REPORT, id, `weakness report ${id}`);
  if (report.data.reporter !== caller.userId && !isOverseer(caller.roles)) throw problems.notFound(`weakness report ${id}`);
  return report;
}

export async function getWeaknessReport(tenantId: string, caller: WeaknessCaller, id: string) {
  return reportView(tenantId, await readableReport(tenantId, caller, id));
}

/**
 * POST /weakness-reports/{id}/triage: a security officer other than the reporter, once, at the version named.
 * Into an advisory: checked like POST /advisories (nothing is stored if it is refused), stored with the report's
 * id as its delivery and document id (a retry after a failure part-way finds the same advisory), then the report
 * records it. Either way the reporter is told.
 */
export async function triageWeaknessReport(
  ctx: WriteContext,
  tenantId: string,
  caller: WeaknessCaller,
  id: string,
  expectedVersion: number,
  input: WeaknessTriage,
  access: TableAccess,
) {
  const before = await requireEntity<WeaknessReportData>(tenantId, REPORT, id, `weakness report ${id}`);
  if (before.data.reporter === caller.userId) {
    throw problems.forbidden('separation of duties: the reporter of a weakness does not triage it; another security officer does');
  }
  if (before.data.state !== 'reported') {
    throw problems.conflict(
      `weakness report ${id} was triaged already (${before.data.state}${before.data.advisoryId ? `: advisory ${before.data.advisoryId}` : ''})`,
    );
  }
  if (before.version !== expectedVersion) throw problems.stale(`weakness report ${id} is at version ${before.version}, not ${expectedVersion}`);

  let advisoryId: string | undefined;
  if (input.outcome === 'advisory') {
    const checked = await checkManualAdvisory(tenantId, input.advisory, 'body.advisory');
    advisoryId = await storeManualAdvisory(
      ctx,
      tenantId,
      {
        entryId: id,
        documentId: id,
        checked,
        raw: { weaknessReportId: id, enteredBy: ctx.actor.userId, advisory: input.advisory },
        path: 'body.advisory',
      },
      access,
    );
  }
  const work = new UnitOfWork({ ...ctx, reason: input.outcome === 'dismissed' ? input.reason : (input.note ?? 'triaged into an advisory') });
  const triage: WeaknessTriageRecord = {
    outcome: input.outcome,
    by: caller.userId,
    at: work.at,
    ...(input.outcome === 'advisory' && input.note ? { note: input.note } : {}),
    ...(input.outcome === 'dismissed' ? { reason: input.reason } : {}),
  };
  const after = work.update(weaknessReportEntity, before, {
    ...before.data,
    state: input.outcome === 'advisory' ? 'triaged' : 'dismissed',
    triage,
    ...(advisoryId ? { advisoryId } : {}),
  });
  const title = literal(before.data.title);
  work.event(
    notificationRequested.of(tenantId, {
      kind: 'weakness-triaged',
      recipients: { users: [before.data.reporter] },
      title: input.outcome === 'advisory' ? `Your weakness report became an advisory: ${title}` : `Your weakness report was dismissed: ${title}`,
      text:
        input.outcome === 'advisory'
          ? `The security officers recorded the weakness you reported, “${title}”, as the advisory “${literal(input.advisory.title)}”.${input.note ? ` ${literal(input.note)}` : ''} Thank you for reporting it.`
          : `The security officers dismissed the weakness you reported, “${title}”: ${literal(input.reason)} Thank you for reporting it.`,
      link: `/weakness-reports/${id}`,
    }),
  );
  await work.commit();
  return reportView(tenantId, after);
}
