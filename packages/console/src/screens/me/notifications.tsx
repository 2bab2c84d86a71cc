// My notifications: per kind, an e-mail at once or a line in the daily digest (GET/PUT
// /me/notification-preferences). The API names only the kinds a person has chosen for, not every kind
// there is, so the kinds the areas send are listed in notification-kinds.ts; a kind the answer names that
// this list lacks is shown too.
import { useState, type FormEvent } from 'react';
import { DELIVERY_MODES } from '@ismf/core/notifications';
import { act, api, useApiData } from '../../api.ts';
import { NOTIFICATION_KINDS as KINDS } from '../../notification-kinds.ts';
import { useSubmission } from '../../ui/form.tsx';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';

type Mode = (typeof DELIVERY_MODES)[number];
type Choices = Record<string, Mode>;

const MODE_LABELS: Record<Mode, string> = { immediate: 'An e-mail at once', 'daily-digest': 'In the daily digest (07:00 UTC)' };

function Preferences({ saved }: { saved: Choices }) {
  const [choices, setChoices] = useState<Choices>(saved);
  const [done, setDone] = useState(false);
  const form = useSubmission();
  const kinds = [...Object.keys(KINDS), ...Object.keys(saved).filter((kind) => !(kind in KINDS))];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    void form.run(async () => {
      // Every kind is sent, so the stored choices are exactly what the form shows.
      const notifications = Object.fromEntries(kinds.map((kind) => [kind, choices[kind] ?? 'immediate']));
      const outcome = await act(api().PUT('/me/notification-preferences', { body: { notifications } }));
      if (outcome.data) {
        setChoices(outcome.data.notifications);
        setDone(true);
      }
      return outcome.problem;
    });
  };
  return (
    <form onSubmit={submit}>
      {done && (
        <p role="status" className="notice">
          Your choices are saved.
        </p>
      )}
      <ProblemBanner problem={form.problem} />
      {kinds.map((kind) => (
        <fieldset key={kind}>
          <legend>{KINDS[kind] ?? kind}</legend>
          {DELIVERY_MODES.map((mode) => (
            <label key={mode} className="check">
              <input
                type="radio"
                name={kind}
                value={mode}
                checked={(choices[kind] ?? 'immediate') === mode}
                onChange={() => setChoices((current) => ({ ...current, [kind]: mode }))}
              />
              {MODE_LABELS[mode]}
            </label>
          ))}
        </fieldset>
      ))}
      <button type="submit" disabled={form.busy}>
        Save my choices
      </button>
    </form>
  );
}

export default function Notifications() {
  const read = useApiData(() => api().GET('/me/notification-preferences'), []);
  return (
    <Page title="My notifications">
      <p>How you hear of each kind of notification. A burst of alerts in the digest is one message a day.</p>
      <ProblemBanner problem={read.problem} />
      {read.data ? <Preferences saved={read.data.notifications} /> : !read.problem && <Loading what="your choices" />}
    </Page>
  );
}
