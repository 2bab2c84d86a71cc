// The people of a tenant as the generic machinery needs them (notification recipients, a manager's
// team, the names shown wherever a record names a person). The organization area keeps the directory
// and answers through this shape, so that flows and notifications never read another area's records.

export interface Person {
  /** The directory's user id. */
  id: string;
  /** The sign-in account (token subject). */
  subject: string;
  email: string;
  displayName?: string;
  jobTitle?: string;
  roles: readonly string[];
  /** Per notification kind: `immediate` or `daily-digest`. */
  notifications?: Readonly<Record<string, string>>;
}

/**
 * A person as a response names them: the directory's user id, their name and e-mail address. An actor
 * that is not a person (`system:<task>`, the platform operator) has no e-mail; an account the directory
 * no longer knows keeps its raw id as its name.
 */
export interface PersonRef {
  id: string;
  name: string;
  email?: string;
  jobTitle?: string;
}

/** Names of the people a page mentions, read together: by directory user id or by token subject. */
export interface PersonNames {
  user(userId: string): PersonRef;
  subject(subject: string): PersonRef;
}

export interface People {
  /** Every active person of the tenant. */
  active(tenantId: string): Promise<Person[]>;
  /** The active people whose manager is this member. */
  teamOf(tenantId: string, managerId: string): Promise<Person[]>;
}

/** How a person is called: their display name, else their e-mail address. */
export const personName = (person: { displayName?: string; email: string }) => person.displayName ?? person.email;
