// Everything the signed-in person owes, soonest due first (as GET /me/tasks answers): decisions, work
// tasks and an area's items (asset reviews); a manager also sees what their team owes overdue.
import { Link } from 'react-router';
import type { Schemas } from '@ismf/api-client/client';
import { api, useApiData } from '../../api.ts';
import { roleName } from '../../ui/roles.ts';
import { formatTime, personName } from '../../ui/format.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';

type Owed = Schemas['OwedItem'];
type TeamOwed = NonNullable<Schemas['MyTasks']['teamOverdue']>[number];

const KINDS: Record<string, string> = { decision: 'Decision', work: 'Work task', 'asset-review': 'Asset review', 'change-review': 'Change review' };

/** The screen of the record an item is about (the item's own link opens the task). */
const SUBJECT_LINKS: Record<string, (id: string) => string> = {
  'asset-policy-change': (id) => `/asset-policy-changes/${id}`,
  asset: (id) => `/assets/${id}`,
  'change-request': (id) => `/change-requests/${id}`,
  'patch-test': (id) => `/patch-tests/${id}`,
  'patch-wave': (id) => `/patch-waves/${id}`,
  'recommendation-review': (id) => `/recommendation-reviews/${id}`,
};

function About({ item }: { item: Owed }) {
  const words = item.subject.type.replace(/-/g, ' ');
  const link = SUBJECT_LINKS[item.subject.type]?.(item.subject.id);
  return link ? <Link to={link}>{words}</Link> : <>{words}</>;
}

const Due = ({ item }: { item: Owed }) => (
  <>
    {formatTime(item.dueAt)} {item.overdue && <span className="badge danger">overdue</span>}
  </>
);

const waitsOn = (item: Owed) => (item.role ? `a ${roleName(item.role)}` : item.assignee ? personName(item.assigneePerson, item.assignee) : '—');

export default function MyTasks() {
  const tasks = useApiData(() => api().GET('/me/tasks'), []);
  const items = tasks.data?.items;
  const team = tasks.data?.teamOverdue;
  return (
    <Page title="My tasks">
      <ProblemBanner problem={tasks.problem} />
      {!tasks.data && tasks.loading && <Loading what="your tasks" />}
      {items && (
        <>
          <p>
            {items.length === 0
              ? 'You owe nothing right now.'
              : `${items.length} item${items.length === 1 ? '' : 's'}, soonest due first; ${items.filter((item) => item.overdue).length} overdue.`}
          </p>
          {items.length > 0 && (
            <table>
              <caption>What you owe</caption>
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col">Kind</th>
                  <th scope="col">About</th>
                  <th scope="col">Requested by</th>
                  <th scope="col">Due</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={`${item.kind}:${item.id}`}>
                    <th scope="row">
                      <Link to={item.link}>{item.title}</Link>
                      {item.escalationLevel ? <span className="badge warn"> escalated</span> : null}
                    </th>
                    <td>
                      {KINDS[item.kind] ?? item.kind}
                      {item.role && <> (as {roleName(item.role)})</>}
                    </td>
                    <td>
                      <About item={item} />
                    </td>
                    <td>{item.requestedBy ? personName(item.requestedByPerson, item.requestedBy) : '—'}</td>
                    <td>
                      <Due item={item} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {team && (
        <section aria-labelledby="team-heading">
          <h2 id="team-heading">Your team’s overdue items</h2>
          {team.length === 0 ? (
            <p className="empty">Your team owes nothing overdue.</p>
          ) : (
            <table>
              <caption>Overdue items your team owes</caption>
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Owed by</th>
                  <th scope="col">Waiting on</th>
                  <th scope="col">Due</th>
                </tr>
              </thead>
              <tbody>
                {team.map((item: TeamOwed) => (
                  <tr key={`${item.kind}:${item.id}`}>
                    <th scope="row">
                      <Link to={item.link}>{item.title}</Link>
                    </th>
                    <td>{KINDS[item.kind] ?? item.kind}</td>
                    <td>{item.owedByPeople.map((person) => person.name).join(', ')}</td>
                    <td>{waitsOn(item)}</td>
                    <td>
                      <Due item={item} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </Page>
  );
}
