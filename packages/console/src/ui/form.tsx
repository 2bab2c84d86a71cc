// Forms: every input labelled, its error beside it (aria-describedby) and announced (aria-invalid). Input is
// checked first with the API's own zod schema, then by the API; nothing typed is lost on either error.
import { useId, useState, type ReactNode } from 'react';
import type * as z from 'zod';
import type { Problem } from '../api.ts';
import { errorFor } from './problem.tsx';

export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {children({ id, 'aria-invalid': !!error, ...(described ? { 'aria-describedby': described } : {}) })}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A zod failure in the API's own shape (`body.<path>`), so client and server errors land on the same fields. */
export function problemFromZod(error: z.ZodError, prefix = 'body'): Problem {
  return {
    type: 'https://ismf.dev/problems/invalid-request',
    title: 'Check the highlighted fields',
    status: 400,
    detail: 'some fields are not valid',
    errors: error.issues.map((issue) => ({ path: [prefix, ...issue.path.map(String)].join('.'), message: issue.message })),
  };
}

/** Checks a value with a schema before it is sent: undefined when valid, else the problem to show. */
export function check<T>(schema: z.ZodType<T>, value: unknown, prefix = 'body'): { value: T; problem?: undefined } | { problem: Problem; value?: undefined } {
  const parsed = schema.safeParse(value);
  return parsed.success ? { value: parsed.data } : { problem: problemFromZod(parsed.error, prefix) };
}

/** The state of one form: the problem shown (client or API), whether it is being sent. */
export function useSubmission() {
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  return {
    problem,
    busy,
    setProblem,
    error: (path: string) => errorFor(problem, path),
    /** Runs a submission: clears the old problem, keeps the new one; the form's values are untouched. */
    async run(work: () => Promise<Problem | undefined>) {
      setBusy(true);
      setProblem(undefined);
      try {
        setProblem(await work());
      } finally {
        setBusy(false);
      }
    },
  };
}

/**
 * A form's actions: its submit button (saying so while busy) and Cancel. `danger` marks an act that ends or
 * removes something; `onSubmit` makes the first button a plain one that acts itself (outside a <form>).
 */
export function FormActions({
  label,
  busyLabel,
  busy,
  onCancel,
  danger,
  onSubmit,
}: {
  label: string;
  busyLabel?: string;
  busy: boolean;
  onCancel: () => void;
  danger?: boolean;
  onSubmit?: () => void;
}) {
  return (
    <div className="page-actions">
      <button type={onSubmit ? 'button' : 'submit'} className={danger ? 'danger' : undefined} disabled={busy} {...(onSubmit ? { onClick: onSubmit } : {})}>
        {busy && busyLabel ? busyLabel : label}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** Steps in order (a plan's, a rollback, a template's): numbered, or `empty` when there are none. */
export function NumberedList({ items, empty = 'none' }: { items: readonly string[] | undefined; empty?: string }) {
  if (!items?.length) return <>{empty}</>;
  return (
    <ol>
      {items.map((item, index) => (
        <li key={`${index}:${item}`}>{item}</li>
      ))}
    </ol>
  );
}
