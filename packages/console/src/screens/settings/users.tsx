// Users and roles: the tenant's directory a page at a time. An administrator invites users and changes their
// roles or status; security officers and auditors read it only. A user opens by URL (?user=<id>), so a
// link to one can be shared; another tenant's user is not found.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, useApiData } from '../../api.ts';
import { useWho } from '../../session/session.ts';
import { Loading, Page } from '../../ui/page.tsx';
import { PagedTable, type Column } from '../../ui/paged-table.tsx';
import { ProblemBanner } from '../../ui/problem.tsx';
import { formatTime } from '../../ui/format.ts';
import { ChangeUser, InviteUser, type User } from './user-forms.tsx';
import { ROLE_LABELS } from '../../ui/roles.ts';

const nameOf = (user: User) => user.displayName ?? user.email;

/** The manager's name (one read per managed user shown; directories page 25 at a time). */
function ManagerName({ userId }: { userId: string }) {
  const manager = useApiData(() => api().GET('/users/{userId}', { params: { path: { userId } } }), [userId]);
  return <>{manager.data ? nameOf(manager.data) : userId}</>;
}

const columns: Column<User>[] = [
  { header: 'Name', rowHeader: true, cell: (user) => <Link to={`?user=${user.id}`}>{nameOf(user)}</Link> },
  { header: 'E-mail', cell: (user) => user.email },
  { header: 'Roles', cell: (user) => user.roles.map((role) => ROLE_LABELS[role]).join(', ') },
  { header: 'Status', cell: (user) => <span className={`badge ${user.status === 'active' ? 'ok' : 'danger'}`}>{user.status}</span> },
  { header: 'Manager', cell: (user) => (user.managerId ? <ManagerName userId={user.managerId} /> : '—') },
];

function UserPanel({ userId, admin, onChanged }: { userId: string; admin: boolean; onChanged: () => void }) {
  const read = useApiData(() => api().GET('/users/{userId}', { params: { path: { userId } } }), [userId]);
  const user = read.data;
  return (
    <section className="card" aria-labelledby="user-title">
      {read.problem?.status === 404 || read.problem?.status === 400 ? (
        <>
          <h2 id="user-title">User not found</h2>
          <p>There is no user {userId} in your organization.</p>
        </>
      ) : !user ? (
        <>
          <h2 id="user-title">User</h2>
          <ProblemBanner problem={read.problem} />
          {!read.problem && <Loading what="the user" />}
        </>
      ) : (
        <>
          <h2 id="user-title">{nameOf(user)}</h2>
          <dl className="facts">
            <dt>E-mail</dt>
            <dd>{user.email}</dd>
            <dt>Job title</dt>
            <dd>{user.jobTitle ?? '—'}</dd>
            <dt>Roles</dt>
            <dd>{user.roles.map((role) => ROLE_LABELS[role]).join(', ')}</dd>
            <dt>Status</dt>
            <dd>{user.status}</dd>
            <dt>Manager</dt>
            <dd>{user.managerId ? <ManagerName userId={user.managerId} /> : '—'}</dd>
            <dt>Since</dt>
            <dd>{formatTime(user.createdAt)}</dd>
            <dt>Audit trail</dt>
            <dd>
              <Link to={`/audit?entity=user:${user.id}`}>changes of this user</Link>
            </dd>
          </dl>
          {admin && (
            <>
              <h3>Change roles or status</h3>
              <ChangeUser
                key={user.id}
                user={user}
                etag={read.etag}
                onReload={read.reload}
                onChanged={() => {
                  read.reload();
                  onChanged();
                }}
              />
            </>
          )}
        </>
      )}
      <p>
        <Link to="?">Close</Link>
      </p>
    </section>
  );
}

export default function Users() {
  const admin = useWho()?.roles.includes('admin') ?? false;
  const [search] = useSearchParams();
  const selected = search.get('user');
  // Bumped after a change, so the list reads again.
  const [round, setRound] = useState(0);
  const changed = () => setRound((n) => n + 1);
  return (
    <Page title="Users and roles">
      {!admin && <p className="hint">You can read the directory; only an administrator changes it.</p>}
      {selected && <UserPanel key={selected} userId={selected} admin={admin} onChanged={changed} />}
      <PagedTable<User>
        caption="Users of your organization"
        columns={columns}
        deps={[round]}
        rowKey={(user) => user.id}
        empty="No users yet."
        load={(cursor) => api().GET('/users', { params: { query: { limit: 25, ...(cursor ? { cursor } : {}) } } })}
      />
      {admin && <InviteUser onInvited={changed} />}
    </Page>
  );
}
