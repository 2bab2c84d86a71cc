// Platform plumbing open to anyone: liveness and the API document.
import * as z from 'zod';
import { defineOperation } from '../operation.ts';

export const health = defineOperation({
  name: 'health',
  area: 'platform',
  method: 'GET',
  path: '/health',
  summary: 'Check that the API is up',
  description: 'Answers 200 while the API can serve requests. Needs no token.',
  handler: 'functions/platform/health.ts',
  callers: { public: true },
  clauses: [],
  access: { table: 'none' },
  response: z.object({ status: z.literal('ok'), time: z.iso.datetime() }),
  successStatus: 200,
  examples: { response: { status: 'ok', time: '2026-11-29T09:30:00.000Z' } },
});

export const openApiDocument = defineOperation({
  name: 'getOpenApiDocument',
  area: 'platform',
  method: 'GET',
  path: '/openapi.json',
  summary: 'Get this API as an OpenAPI 3.1 document',
  description: 'The OpenAPI 3.1 document generated from the operation catalogue. Needs no token.',
  handler: 'functions/platform/openapi.ts',
  callers: { public: true },
  clauses: [],
  access: { table: 'none' },
  response: z.object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }) }).loose(),
  successStatus: 200,
  examples: { response: { openapi: '3.1.0', info: { title: 'ISMF API', version: '0.1.0' } } },
});
