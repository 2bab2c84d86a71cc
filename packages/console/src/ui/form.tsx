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
