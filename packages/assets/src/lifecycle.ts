// The asset lifecycle (X.1051 9.2.6 secure disposal or re-use, 9.2.7 removal of property): an asset in
// service is retired (kept for history, no longer reviewed), then disposed of with the evidence that its
// media were sanitised; meanwhile equipment, information or software leaves the site only with an
// authorisation on record. Every step is a version of the asset with its reason, in its history.
import * as z from 'zod';
import { ulidSchema } from '@ismf/core/ids';
import { problems } from '@ismf/core/problems';
import { getEntity, requireEntity } from '@ismf/store/entities';
import { UnitOfWork, type StoredEntity, type WriteContext } from '@ismf/store/unit-of-work';
import type { UserData } from '@ismf/directory/rules';
import { evidenceEntity } from '@ismf/evidence/entities';
import type { EvidenceData } from '@ismf/evidence/evidence';
import { assetEntity } from './entities.ts';
import { ASSET, assetView, changedEvent, mayChange, requireNotDisposed, requireNotMerged, resolveOwner } from './register.ts';
import { ownerReference, statusOf, type AssetData, type AssetStatus } from './rules.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.iso.date('a date, YYYY-MM-DD');

export const retirementSchema = z.strictObject({
  reason: text(1000).describe('why the asset leaves service; kept in its history'),
  retiredOn: day.optional().describe('the day it left service (default today, never in the future)'),
});

/** NIST SP 800-88 Rev. 1 names the sanitisation levels; the rest say where the asset went. */
export const DISPOSAL_METHODS = ['destruction', 'purge', 'clear', 'secure-deletion', 'reuse', 'return-to-supplier', 'sale-or-donation'] as const;

export const disposalSchema = z.strictObject({
  method: z
    .enum(DISPOSAL_METHODS)
    .describe(
      'destruction (shredding, disintegration …), purge or clear (NIST SP 800-88), secure-deletion of information, or where it went: reuse, return-to-supplier, sale-or-donation',
    ),
  disposedOn: day.describe('the day it was disposed of (never in the future)'),
  performedBy: text(200).describe('the person or contractor who did it'),
  reason: text(1000),
  sanitisation: z
    .strictObject({
      technique: text(500).describe('e.g. “cryptographic erase, NIST SP 800-88 purge”'),
      verifiedBy: text(200).optional(),
      evidenceId: ulidSchema.describe('the evidence record (POST /evidence) of the sanitisation: a certificate of destruction, an erasure report'),
    })
    .optional()
    .describe('required for information, software and physical assets: what was done to their media, with evidence'),
});

export const offSiteRemovalSchema = z.strictObject({
  destination: text(500),
  purpose: text(1000),
  takenBy: ownerReference.describe('who takes it off site: a user’s id or e-mail address'),
  authorizedBy: ownerReference.describe('who authorised it: a manager, security officer or administrator other than the one taking it'),
  removedOn: day.optional().describe('default today'),
  expectedReturnOn: day,
});

export const offSiteReturnSchema = z.strictObject({
  returnedOn: day.optional().describe('default today'),
  note: text(1000).optional().describe('its condition on return; kept in the history'),
});

/** Assets that hold media (X.1051 9.2.6) and may be carried off site (9.2.7). */
const TANGIBLE = new Set(['information', 'software', 'physical']);
const AUTHORISERS = ['manager', 'security-officer', 'admin'];

const today = () => new Date().toISOString().slice(0, 10);

function notInFuture(date: string, path: string): void {
  if (date > today()) throw problems.unprocessable(`${path} lies in the future`, [{ path, message: 'not after today (UTC)' }]);
}

async function changeable(tenantId: string, id: string, expectedVersion: number, caller: { roles: string[]; memberId?: string }, allowed: AssetStatus[]) {
  const before = await requireEntity<AssetData>(tenantId, ASSET, id, `asset ${id}`);
  requireNotMerged(before);
  if (!mayChange(before, caller)) throw problems.forbidden('an asset owner may change only the assets they own');
  if (before.version !== expectedVersion) throw problems.stale(`asset ${id} is at version ${before.version}, not ${expectedVersion}`);
  requireNotDisposed(before);
  const status = statusOf(before.data);
  if (!allowed.includes(status)) throw problems.conflict(`asset ${id} is ${status}: this step needs it ${allowed.join(' or ')}`);
  return before;
}

async function commitStep(ctx: WriteContext, tenantId: string, before: StoredEntity<AssetData>, data: AssetData, reason: string, fields: string[]) {
  const work = new UnitOfWork({ ...ctx, reason });
  const after = work.update(assetEntity, before, data);
  work.event(
    // A dependent leaving service raises what it depends on no more: those are revisited.
    changedEvent(tenantId, before.data, after, fields, reason, fields.includes('status') && data.dependsOn?.length ? data.dependsOn : undefined),
  );
  await work.commit();
  return assetView(tenantId, after);
}

export async function retireAsset(
  ctx: WriteContext,
  tenantId: string,
  id: string,
  expectedVersion: number,
  input: z.infer<typeof retirementSchema>,
  caller: { roles: string[]; memberId?: string },
) {
  const before = await changeable(tenantId, id, expectedVersion, caller, ['active']);
  if (before.data.offSite) throw problems.conflict(`asset ${id} is off site: record its return first`);
  const on = input.retiredOn ?? today();
  notInFuture(on, 'body.retiredOn');
  const data: AssetData = { ...before.data, status: 'retired', retirement: { on, reason: input.reason, recordedAt: new Date().toISOString() } };
  return commitStep(ctx, tenantId, before, data, input.reason, ['status', 'retirement']);
}

/** The sanitisation evidence: an uploaded, hashed record of the tenant, about this asset or about nothing in particular. */
async function requireSanitisationEvidence(tenantId: string, assetId: string, evidenceId: string): Promise<void> {
  const evidence = await getEntity<EvidenceData>(tenantId, evidenceEntity.type, evidenceId);
  const path = 'body.sanitisation.evidenceId';
  if (!evidence) throw problems.unprocessable('the sanitisation evidence does not exist', [{ path, message: 'no evidence of this tenant has this id' }]);
  if (evidence.data.status !== 'available')
    throw problems.unprocessable('the sanitisation evidence has not been uploaded', [{ path, message: 'upload it first' }]);
  const subject = evidence.data.subject;
  if (subject && !(subject.type === ASSET && subject.id === assetId)) {
    throw problems.unprocessable('the sanitisation evidence is about another record', [{ path, message: `evidence of ${subject.type} ${subject.id}` }]);
  }
}

export async function disposeAsset(
  ctx: WriteContext,
  tenantId: string,
  id: string,
  expectedVersion: number,
  input: z.infer<typeof disposalSchema>,
  caller: { roles: string[]; memberId?: string },
) {
  const before = await changeable(tenantId, id, expectedVersion, caller, ['retired']);
  notInFuture(input.disposedOn, 'body.disposedOn');
  if (before.data.retirement && input.disposedOn < before.data.retirement.on) {
    throw problems.unprocessable('an asset is disposed of after it is retired', [
      { path: 'body.disposedOn', message: `not before ${before.data.retirement.on}` },
    ]);
  }
  // Media that held the organization's information are sanitised before they go (9.2.6), and that is shown.
  if (TANGIBLE.has(before.data.type)) {
    if (!input.sanitisation) {
      throw problems.unprocessable(`a ${before.data.type} asset is disposed of with evidence of its sanitisation`, [
        { path: 'body.sanitisation', message: 'required for information, software and physical assets' },
      ]);
    }
    await requireSanitisationEvidence(tenantId, id, input.sanitisation.evidenceId);
  } else if (input.sanitisation) {
    await requireSanitisationEvidence(tenantId, id, input.sanitisation.evidenceId);
  }
  const { disposedOn, ...rest } = input;
  const data: AssetData = { ...before.data, status: 'disposed', disposal: { ...rest, on: disposedOn, recordedAt: new Date().toISOString() } };
  return commitStep(ctx, tenantId, before, data, input.reason, ['status', 'disposal']);
}

export async function removeOffSite(
  ctx: WriteContext,
  tenantId: string,
  id: string,
  expectedVersion: number,
  input: z.infer<typeof offSiteRemovalSchema>,
  caller: { roles: string[]; memberId?: string },
) {
  const before = await changeable(tenantId, id, expectedVersion, caller, ['active']);
  if (!TANGIBLE.has(before.data.type)) {
    throw problems.unprocessable(`a ${before.data.type} asset is not taken off site`, [
      { path: 'body', message: 'only equipment, information or software (X.1051 9.2.7)' },
    ]);
  }
  if (before.data.offSite) throw problems.conflict(`asset ${id} is off site already (since ${before.data.offSite.removedOn})`);
  const takenBy = await resolveOwner(tenantId, input.takenBy, 'body.takenBy');
  const authorizedBy = await resolveOwner(tenantId, input.authorizedBy, 'body.authorizedBy');
  if (authorizedBy === takenBy) {
    throw problems.unprocessable('the one who takes it off site does not authorise it', [
      { path: 'body.authorizedBy', message: 'another person than takenBy' },
    ]);
  }
  const authoriser = await getEntity<UserData>(tenantId, 'user', authorizedBy);
  if (!authoriser?.data.roles.some((role) => AUTHORISERS.includes(role))) {
    throw problems.unprocessable('the authorisation comes from a manager, security officer or administrator', [
      { path: 'body.authorizedBy', message: `a user with one of the roles ${AUTHORISERS.join(', ')}` },
    ]);
  }
  const removedOn = input.removedOn ?? today();
  notInFuture(removedOn, 'body.removedOn');
  if (input.expectedReturnOn < removedOn) {
    throw problems.unprocessable('it returns after it leaves', [{ path: 'body.expectedReturnOn', message: `not before ${removedOn}` }]);
  }
  const offSite = {
    destination: input.destination,
    purpose: input.purpose,
    takenBy,
    authorizedBy,
    authorizedAt: new Date().toISOString(),
    removedOn,
    expectedReturnOn: input.expectedReturnOn,
  };
  return commitStep(ctx, tenantId, before, { ...before.data, offSite }, `taken off site to ${input.destination}: ${input.purpose}`, ['offSite']);
}

export async function returnOnSite(
  ctx: WriteContext,
  tenantId: string,
  id: string,
  expectedVersion: number,
  input: z.infer<typeof offSiteReturnSchema>,
  caller: { roles: string[]; memberId?: string },
) {
  const before = await changeable(tenantId, id, expectedVersion, caller, ['active']);
  const away = before.data.offSite;
  if (!away) throw problems.conflict(`asset ${id} is not off site`);
  const returnedOn = input.returnedOn ?? today();
  notInFuture(returnedOn, 'body.returnedOn');
  if (returnedOn < away.removedOn)
    throw problems.unprocessable('it returns after it left', [{ path: 'body.returnedOn', message: `not before ${away.removedOn}` }]);
  const { offSite: _gone, ...data } = before.data;
  const reason = `back on site on ${returnedOn}${input.note ? `: ${input.note}` : ''}`;
  return commitStep(ctx, tenantId, before, data as AssetData, reason, ['offSite']);
}
