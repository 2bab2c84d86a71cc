// `npm run openapi [file]`: writes the generated OpenAPI document (default build/openapi.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildOpenApi } from '@ismf/catalogue/openapi';
import { registry } from './areas.ts';

const target = process.argv[2] ?? 'build/openapi.json';
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(buildOpenApi(registry.operations, registry.tags), null, 2)}\n`);
console.log(`wrote ${target}`);
