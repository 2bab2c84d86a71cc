// The shapes of ids (DESIGN: ULID entity ids, slug tenant ids): pure, so that the console's forms check
// input with the very schemas the API parses it with.
import * as z from 'zod';

export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,39}$/;
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const tenantIdSchema = z
  .string()
  .regex(TENANT_ID_PATTERN, 'a tenant id is 3–40 characters: lower-case letters, digits and hyphens, not starting with a hyphen');
export const ulidSchema = z.string().regex(ULID_PATTERN, 'an id is a 26-character ULID');
