// The control catalogue as people use it: the X.1051 (2008) controls with their ISO/IEC 27001:2022
// numbers, what in ISMF implements each, and the tenant's records that do.
import * as z from 'zod';
import { defineOperation } from '@ismf/catalogue/operation';
import { EXAMPLE_ID, EXAMPLE_TIME, nameSchema, pageOf, pageQuery } from '@ismf/catalogue/common';
import { TENANT_ROLES } from '@ismf/core/roles';
import { anyTypeList } from '@ismf/store/entity-model';

const everyone = { roles: TENANT_ROLES } as const;
/** Records of every area: those who oversee the whole ISMS. */
const overseers = { roles: ['admin', 'security-officer', 'auditor'] } as const;

const CONTROL_NUMBER = /^\d{1,2}\.\d{1,2}\.\d{1,2}$/;
const controlPath = z.strictObject({ controlId: z.string().regex(CONTROL_NUMBER, 'a control number such as 7.1.1') });

const numbered = z.object({ number: z.string(), title: z.string() });
const isoSchema = numbered.extend({
  theme: numbered,
  new: z.boolean().describe('new in the 2022 edition'),
  basis: z.enum(['annex-b', 'judgement']).describe('`annex-b`: through ISO/IEC 27002:2022 Annex B; `judgement`: our own reading, with its reason'),
  comment: z.string().optional(),
});

const controlSchema = z.object({
  id: z.string().describe('the X.1051 (2008) control number'),
  title: z.string(),
  clause: numbered,
  category: numbered,
  iso27001: z.array(isoSchema).describe('the ISO/IEC 27001:2022 Annex A controls that cover it'),
  iso27001Note: z.string().optional().describe('why no 2022 control covers it'),
});
nameSchema(controlSchema, 'Control', 'An X.1051 (2008) control with its ISO/IEC 27001:2022 numbers.');

const implementedBy = z.object({
  operations: z.array(z.object({ name: z.string(), method: z.string(), path: z.string(), area: z.string() })),
  events: z.array(z.object({ detailType: z.string(), source: z.string(), area: z.string() })),
  jobs: z.array(z.object({ name: z.string(), area: z.string() })),
  flows: z.array(z.object({ name: z.string(), area: z.string() })),
  records: z.array(z.object({ type: z.string(), description: z.string(), area: z.string() })).describe('kinds of record that implement it'),
});

const x1052Schema = z.object({ table: z.number().int(), x1052Clause: z.string(), activity: z.string() });

const exampleControl = {
  id: '7.1.1',
  title: 'Inventory of assets',
  clause: { number: '7', title: 'Asset management' },
  category: { number: '7.1', title: 'Responsibility for assets' },
  iso27001: [
    {
      number: '5.9',
      title: 'Inventory of information and other associated assets',
      theme: { number: '5', title: 'Organizational controls' },
      new: false,
      basis: 'annex-b' as const,
    },
  ],
};

export const listControls = defineOperation({
  name: 'listControls',
  area: 'controls',
  method: 'GET',
  path: '/controls',
  summary: 'List the X.1051 controls',
  description:
    'The X.1051 (2008) controls (11 clauses, 39 categories, 133 controls) in catalogue order, each with the ISO/IEC 27001:2022 Annex A controls it maps to. Filter by `clause` (`7`) or `category` (`7.1`).',
  handler: 'functions/controls/list-controls.ts',
  callers: everyone,
  clauses: [],
  access: { table: 'none' },
  query: pageQuery.extend({
    clause: z
      .string()
      .regex(/^\d{1,2}$/, 'a clause number such as 7')
      .optional(),
    category: z
      .string()
      .regex(/^\d{1,2}\.\d{1,2}$/, 'a category number such as 7.1')
      .optional(),
  }),
  response: pageOf(controlSchema),
  successStatus: 200,
  sort: 'catalogue order (by control number)',
  examples: { response: { items: [exampleControl] } },
});

export const getControl = defineOperation({
  name: 'getControl',
  area: 'controls',
  method: 'GET',
  path: '/controls/{controlId}',
  summary: 'Get an X.1051 control and what implements it',
  description:
    'The control, its ISO/IEC 27001:2022 numbers, the operations, events, scheduled jobs and flows of ISMF that implement it (derived from the areas’ declarations: a declaration naming its category or clause counts), the kinds of record that do, and the X.1052 tables whose activities confirm it.',
  handler: 'functions/controls/get-control.ts',
  callers: everyone,
  clauses: [],
  access: { table: 'none' },
  params: controlPath,
  response: controlSchema.extend({ implementedBy, x1052: z.array(x1052Schema) }),
  successStatus: 200,
  problems: [404],
  examples: {
    response: {
      ...exampleControl,
      implementedBy: {
        operations: [{ name: 'createAsset', method: 'POST', path: '/assets', area: 'assets' }],
        events: [{ detailType: 'AssetRegistered', source: 'ismf.assets', area: 'assets' }],
        jobs: [{ name: 'asset-review-due', area: 'assets' }],
        flows: [],
        records: [{ type: 'asset', description: 'An entry of the asset register', area: 'assets' }],
      },
      x1052: [{ table: 4, x1052Clause: '10', activity: 'asset management' }],
    },
  },
});
nameSchema(getControl.response, 'ControlDetail', 'A control with what implements it and the X.1052 tables that name it.');

export const listControlRecords = defineOperation({
  name: 'listControlRecords',
  area: 'controls',
  method: 'GET',
  path: '/controls/{controlId}/records',
  summary: 'List the tenant’s records that implement a control',
  description:
    'The tenant’s records of every kind whose entity model names the control (assets for 7.1.1, evidence for 13.2.3, approvals for 10.1.3 …), one kind after another, each in creation order.',
  handler: 'functions/controls/list-control-records.ts',
  callers: overseers,
  clauses: ['15.2.1'],
  access: { table: 'read' },
  patterns: [anyTypeList],
  params: controlPath,
  query: pageQuery,
  response: pageOf(
    z.object({
      type: z.string(),
      id: z.string(),
      label: z.string().describe('how people name it: its name, file name, step …'),
      link: z.string().optional(),
      createdAt: z.iso.datetime(),
      updatedAt: z.iso.datetime(),
    }),
  ),
  successStatus: 200,
  problems: [404],
  sort: 'by kind of record, then creation order',
  examples: {
    response: {
      items: [{ type: 'asset', id: EXAMPLE_ID, label: 'Core router', link: `/assets/${EXAMPLE_ID}`, createdAt: EXAMPLE_TIME, updatedAt: EXAMPLE_TIME }],
    },
  },
});

export const listTelecomAdditions = defineOperation({
  name: 'listTelecomAdditions',
  area: 'controls',
  method: 'GET',
  path: '/telecom-control-additions',
  summary: 'List the telecom additions of X.1051',
  description:
    'The telecommunications extended control set of X.1051 (2008) Annex A as far as sources show it. No complete 2008 list could be retrieved: each entry says whether a 2008 source shows it, or it is likely (recalled from later editions) with no 2008 source, and whether its number is inferred.',
  handler: 'functions/controls/list-telecom-additions.ts',
  callers: everyone,
  clauses: [],
  access: { table: 'none' },
  response: z.object({
    items: z.array(
      z.object({
        number: z.string().optional(),
        numberInferred: z.boolean(),
        title: z.string(),
        certainty: z.enum(['seen in a 2008 source', 'likely; no 2008 source']),
        basis: z.string(),
      }),
    ),
  }),
  successStatus: 200,
  examples: {
    response: {
      items: [
        { number: 'A.4.1.3', numberInferred: false, title: 'Legality of emergency actions', certainty: 'seen in a 2008 source', basis: 'a 2008 translation' },
      ],
    },
  },
});
