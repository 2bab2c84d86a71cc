// The roles of a person as checkboxes, one per tenant role, in words; the error of the field beside them.
// A screen that picks roles for something else (who sees TLP:AMBER advisories) names the group itself.
import { useId } from 'react';
import { TENANT_ROLES, type TenantRole } from '@ismf/core/roles';
import { ROLE_LABELS } from './roles.ts';

export function RolesField({
  value,
  onChange,
  error,
  legend = 'Roles',
  hint,
}: {
  value: readonly string[];
  onChange: (roles: TenantRole[]) => void;
  error?: string | undefined;
  legend?: string;
  hint?: string;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset aria-describedby={described || undefined} aria-invalid={!!error}>
      <legend>{legend}</legend>
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
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
