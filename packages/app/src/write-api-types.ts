// `npm run api-types`: writes the API client's types from the API document (api-types.ts).
import { writeFileSync } from 'node:fs';
import { API_TYPES_FILE, apiTypes } from './api-types.ts';

writeFileSync(API_TYPES_FILE, await apiTypes());
console.log(`wrote ${API_TYPES_FILE}`);
