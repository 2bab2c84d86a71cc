// The people of a tenant as the generic machinery needs them (notification recipients, a manager's
// team). The organization area keeps the directory and answers through this shape, so that flows and
// notifications never read another area's records themselves.

export interface Person {
  /** The directory's user id. */
  id: string;
  /** The sign-in account (token subject). */
  subject: string;
  email: string;
  displayName?: string;
  roles: readonly string[];
  /** Per notification kind: `immediate` or `daily-digest`. */
  notifications?: Readonly<Record<string, string>>;
}

export interface People {
  /** Every active person of the tenant. */
  active(tenantId: string): Promise<Person[]>;
  /** The active people whose manager is this member. */
  teamOf(tenantId: string, managerId: string): Promise<Person[]>;
}
