// The API's problem+json as people read it: the title and detail in an alert, each field's error beside its
// field (FieldError), and the errors no field on the form claims listed under the alert.
import type { Problem } from '../api.ts';

/** A refusal of the console's own (before anything is sent), in the API's shape: shown the same way. */
export function refusal(title: string, detail: string, path?: string, message: string = detail): Problem {
  return { type: 'about:blank', title, status: 400, detail, errors: path ? [{ path, message }] : [] };
}

/** The error a problem gives one field (`body.name`), if any. */
export function errorFor(problem: Problem | undefined, path: string): string | undefined {
  return problem?.errors.find((error) => error.path === path || error.path.startsWith(`${path}.`))?.message;
}

/** A 412 (If-Match) means someone else changed the record after it was read. */
export const changedMeanwhile = (problem: Problem | undefined) => problem?.status === 412;

export function ProblemBanner({ problem, fields = [], onReload }: { problem?: Problem; fields?: readonly string[]; onReload?: () => void }) {
  if (!problem) return null;
  const unclaimed = problem.errors.filter((error) => !fields.some((field) => error.path === field || error.path.startsWith(`${field}.`)));
  return (
    <div role="alert" className="problem">
      <strong>{changedMeanwhile(problem) ? 'Changed meanwhile' : problem.title}</strong>
      <p>
        {changedMeanwhile(problem) ? 'Someone changed this record after you opened it. Reload to see their change; what you typed stays here.' : problem.detail}
      </p>
      {unclaimed.length > 0 && (
        <ul>
          {unclaimed.map((error) => (
            <li key={`${error.path}:${error.message}`}>
              <code>{error.path}</code>: {error.message}
            </li>
          ))}
        </ul>
      )}
      {changedMeanwhile(problem) && onReload && (
        <button type="button" onClick={onReload}>
          Reload
        </button>
      )}
    </div>
  );
}
