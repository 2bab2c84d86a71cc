// The roles of a person as checkboxes, one per tenant role, in words; the error of the field beside them.
import { useId } from 'react';
import { TENANT_ROLES, type TenantRole } from '@ismf/core/roles';
import { ROLE_LABELS } from './roles.ts';

export function RolesField({ value, onChange, error }: { value: readonly string[]; onChange: (roles: TenantRole[]) => void; error?: string | undefined }) {
  const id = useId();
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} aria-invalid={!!error}>
      <legend>Roles</legend>
      {TENANT_ROLES.map((role) => (
        <label key={role} className="check">
          <input
            type="checkbox"
            value={role}
            checked={value.includes(role)}
            onChange={(event) => onChange(TENANT_ROLES.filter((candidate) => (candidate === role ? event.target.checked : value.includes(candidate))))}
          />
          {ROLE_LABELS[role]}
        </label>
      ))}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}
