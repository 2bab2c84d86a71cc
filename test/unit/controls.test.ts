// The control catalogue against its reference, and every declaration of every area against the
// catalogue and the X.1052 tables: a number that does not exist, or one an area's table does not allow
// (without a reason in its declaration), fails here.
import { describe, expect, it } from 'vitest';
import { registry } from '@ismf/app/areas';
import type { AreaModule } from '@ismf/area/declaration';
import { categories, clauses, controls, findControl, isCatalogued } from '@ismf/controls/catalogue';
import { reaches } from '@ismf/controls/numbers';
import { telecomAdditions } from '@ismf/controls/telecom';
import { implementationsOf } from '@ismf/controls/implementations';
import { allowedFor, tablesConfirming, tablesOf } from '@ismf/controls/tables';
import { staticPage } from '@ismf/controls/views';
import copy from '../../packages/controls/src/x1051-2008.json' with { type: 'json' };
import { itWithRealdata, referenceJson } from '../support/realdata.ts';

/** Every X.1051 number an area declares, with where. */
function declaredNumbers(area: AreaModule): { number: string; where: string }[] {
  return [
    ...area.operations.flatMap((operation) => operation.clauses.map((number) => ({ number, where: `operation ${operation.name}` }))),
    ...area.events.flatMap((event) => event.clauses.map((number) => ({ number, where: `event ${event.detailType}` }))),
    ...(area.jobs ?? []).flatMap((job) => job.clauses.map((number) => ({ number, where: `job ${job.name}` }))),
    ...(area.flows ?? []).flatMap((flow) => flow.clauses.map((number) => ({ number, where: `flow ${flow.name}` }))),
    ...area.entities.flatMap((model) => model.controls.map((number) => ({ number, where: `entity ${model.type}` }))),
  ];
}

describe('the X.1051 (2008) catalogue', () => {
  itWithRealdata('is the reference, copied into the project as data', () => {
    expect(copy).toEqual(referenceJson('x1051-2008-controls.json'));
  });

  it('has 11 clauses, 39 categories and 133 controls, each numbered within its category', () => {
    expect([clauses.length, categories.length, controls.length]).toEqual([11, 39, 133]);
    expect(new Set(controls.map((control) => control.number)).size).toBe(133);
    for (const control of controls) {
      expect(control.number.startsWith(`${control.category.number}.`), control.number).toBe(true);
      expect(control.category.number.startsWith(`${control.clause.number}.`), control.number).toBe(true);
    }
    expect(findControl('7.1.1')).toMatchObject({ title: 'Inventory of assets', clause: { number: '7' }, category: { title: 'Responsibility for assets' } });
  });

  it('rolls a category or a clause up to its controls', () => {
    const reached = (number: string) => controls.filter((control) => reaches([number], control.number)).map((control) => control.number);
    expect(reached('7.1')).toEqual(['7.1.1', '7.1.2', '7.1.3']);
    expect(reached('5')).toEqual(['5.1.1', '5.1.2']);
    expect(reached('7.1.2')).toEqual(['7.1.2']);
    expect(reached('7.9')).toEqual([]);
    expect([reaches(['7'], '7.1.1'), reaches(['7.1'], '7.1.1'), reaches(['7.1.1'], '7.1.1')]).toEqual([true, true, true]);
    expect([reaches(['7.2'], '7.1.1'), reaches(['7.1.10'], '7.1.1'), reaches(['17'], '7.1.1'), reaches(['7.11'], '7.1.1')]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect([reaches(['10.1'], '10.10.1'), reaches(['10.10'], '10.10.1')]).toEqual([false, true]);
  });

  it('maps every control to ISO/IEC 27001:2022, or says why none covers it', () => {
    for (const control of controls) {
      if (control.iso27001.length === 0) expect(control.iso27001Note, control.number).toMatch(/\w/);
      for (const target of control.iso27001) {
        expect(target.number, control.number).toMatch(/^[5-8]\.\d{1,2}$/);
        if (target.basis === 'judgement') expect(target.comment, `${control.number} → ${target.number}`).toMatch(/\w/);
      }
    }
    expect(findControl('7.1.1')!.iso27001.map((target) => target.number)).toContain('5.9');
  });

  it('shows the telecom additions no 2008 source confirms as likely, never as certain, and without a number', () => {
    const likely = telecomAdditions.filter((addition) => addition.certainty === 'likely; no 2008 source');
    expect(likely.length).toBeGreaterThan(0);
    for (const addition of likely) expect(addition.number).toBeUndefined();
    expect(telecomAdditions.find((addition) => addition.number === 'A.4.1.3')).toMatchObject({ certainty: 'seen in a 2008 source', numberInferred: false });
    expect(telecomAdditions.find((addition) => addition.number === 'A.1.1.1')).toMatchObject({ numberInferred: true });
  });

  it('pages a fixed list by the last id handed out, and refuses a cursor it did not hand out', () => {
    const items = controls.map((control) => ({ id: control.number }));
    const first = staticPage(items, { limit: 100 });
    const second = staticPage(items, { limit: 100, cursor: first.nextCursor! });
    expect([first.items.length, second.items.length, second.nextCursor]).toEqual([100, 33, undefined]);
    expect(() => staticPage(items, { limit: 10, cursor: Buffer.from('99.9.9').toString('base64url') })).toThrow(/cursor/);
  });
});

describe('the declarations of every area', () => {
  it('name only numbers of the catalogue', () => {
    const unknown = registry.areas.flatMap((area) =>
      declaredNumbers(area)
        .filter(({ number }) => !isCatalogued(number))
        .map(({ number, where }) => `${area.area}: ${where} names ${number}`),
    );
    expect(unknown).toEqual([]);
  });

  it('stay within their X.1052 table, or say why they reach beyond it (and no reason is left over)', () => {
    const managementAreas = registry.areas.filter((area) => area.clause);
    expect(managementAreas.map((area) => area.area)).toEqual(expect.arrayContaining(['assets', 'organization']));
    for (const area of managementAreas) {
      expect(tablesOf(area.clause!).length, `area ${area.area}`).toBeGreaterThan(0);
      const beyond = declaredNumbers(area).filter(({ number }) => !allowedFor(area.clause!, number));
      const unexplained = beyond.filter(({ number }) => !Object.hasOwn(area.clausesBeyondTable ?? {}, number));
      expect(
        unexplained.map(({ number, where }) => `${where} names ${number}`),
        `area ${area.area}`,
      ).toEqual([]);
      const reasons = Object.keys(area.clausesBeyondTable ?? {});
      expect(
        reasons.filter((number) => !beyond.some((entry) => entry.number === number)),
        `area ${area.area}: a reason for a number in the table or unused`,
      ).toEqual([]);
    }
  });

  it('keep platform areas out of the table check only because they carry no X.1052 clause', () => {
    for (const area of registry.areas.filter((candidate) => !candidate.clause)) expect(area.clausesBeyondTable, area.area).toBeUndefined();
  });
});

describe('what implements a control', () => {
  it('is derived from the declarations: 7.1.1 lists the asset operations, events, the review job and the asset records', () => {
    const found = implementationsOf(findControl('7.1.1')!, registry);
    expect(found.operations.map((operation) => operation.name)).toEqual(
      expect.arrayContaining(['createAsset', 'listAssets', 'importAssets', 'createAssetReview']),
    );
    expect(found.operations.every((operation) => operation.area === 'assets')).toBe(true);
    expect(found.events.map((event) => event.detailType)).toEqual(expect.arrayContaining(['AssetRegistered', 'AssetReviewDue']));
    expect(found.jobs.map((job) => job.name)).toEqual(['asset-review-due', 'asset-summary-recount']);
    expect(found.records.map((record) => record.type)).toEqual(['asset']);
  });

  it('counts a declaration naming a category for each of its controls, and a flow for the controls it names', () => {
    // The asset operations that name the category 7.1 implement 7.1.3 (acceptable use) too.
    expect(implementationsOf(findControl('7.1.3')!, registry).operations.length).toBeGreaterThan(0);
    const segregation = implementationsOf(findControl('10.1.3')!, registry);
    expect(segregation.flows).toEqual([{ name: 'approval', area: 'approvals' }]);
    expect(segregation.records.map((record) => record.type)).toEqual(['flow', 'approval', 'task']);
    expect(implementationsOf(findControl('14.1.1')!, registry)).toEqual({ operations: [], events: [], jobs: [], flows: [], records: [] });
  });

  it('names the X.1052 tables whose activities confirm a control', () => {
    expect(tablesConfirming('7.1.1').map((table) => table.table)).toEqual([4, 9]);
    expect(tablesConfirming('12.6.1').map((table) => table.table)).toEqual([8]);
  });
});
