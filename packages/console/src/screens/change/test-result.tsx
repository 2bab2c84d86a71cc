// A change's test result (X.1052 12.2.4 c; X.1051 12.4.2): passed or failed, where it was tested, what was
// found and the test data used — whether it held production personal data, which only a plan that says how
// it is protected allows. The lab and on-site test tasks hand it in; an emergency change's review carries it.
import { useId } from 'react';
import { Field } from '../../ui/form.tsx';

export interface TestValues {
  outcome: 'passed' | 'failed' | '';
  environment: string;
  notes: string;
  dataDescription: string;
  productionPersonalData: boolean;
}

export const blankTest = (): TestValues => ({ outcome: '', environment: '', notes: '', dataDescription: '', productionPersonalData: false });

/** The result as the API takes it (the schema names what is missing). */
export const testResultOf = (values: TestValues, evidenceIds: readonly string[] = []) => ({
  ...(values.outcome ? { outcome: values.outcome } : {}),
  environment: values.environment,
  notes: values.notes,
  testData: { description: values.dataDescription, productionPersonalData: values.productionPersonalData },
  ...(evidenceIds.length ? { evidenceIds: [...evidenceIds] } : {}),
});

/** The result's fields; `errorAt` takes the path inside the result (`outcome`, `testData.productionPersonalData`). */
export function TestResultFields({
  values,
  onChange,
  errorAt,
  legend = 'Outcome',
}: {
  values: TestValues;
  onChange: (values: TestValues) => void;
  errorAt: (field: string) => string | undefined;
  legend?: string;
}) {
  const id = useId();
  const set = <K extends keyof TestValues>(field: K, value: TestValues[K]) => onChange({ ...values, [field]: value });
  const outcomeError = errorAt('outcome');
  const personalError = errorAt('testData.productionPersonalData');
  return (
    <>
      <fieldset aria-describedby={outcomeError ? `${id}-outcome-error` : undefined}>
        <legend>{legend}</legend>
        {(
          [
            ['passed', 'Passed'],
            ['failed', 'Failed: return the plan to its author'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="check">
            <input type="radio" name={`${id}-outcome`} value={value} checked={values.outcome === value} onChange={() => set('outcome', value)} />
            {label}
          </label>
        ))}
        {outcomeError && (
          <span id={`${id}-outcome-error`} className="field-error">
            {outcomeError}
          </span>
        )}
      </fieldset>
      <Field label="Environment" hint="where it was tested: the simulated environment or the site" error={errorAt('environment')}>
        {(props) => <input {...props} value={values.environment} onChange={(event) => set('environment', event.target.value)} />}
      </Field>
      <Field label="Notes" hint="what was done and found" error={errorAt('notes')}>
        {(props) => <textarea {...props} value={values.notes} onChange={(event) => set('notes', event.target.value)} />}
      </Field>
      <Field label="Test data used" hint="the data the test ran on" error={errorAt('testData.description')}>
        {(props) => <input {...props} value={values.dataDescription} onChange={(event) => set('dataDescription', event.target.value)} />}
      </Field>
      <div className={personalError ? 'field field-invalid' : 'field'}>
        <label className="check">
          <input
            type="checkbox"
            checked={values.productionPersonalData}
            onChange={(event) => set('productionPersonalData', event.target.checked)}
            aria-invalid={!!personalError}
            {...(personalError ? { 'aria-describedby': `${id}-personal-error` } : {})}
          />
          The test data holds production personal data
        </label>
        {personalError && (
          <span id={`${id}-personal-error`} className="field-error">
            {personalError}
          </span>
        )}
      </div>
    </>
  );
}
