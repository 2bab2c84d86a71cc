// An entity model: what an area declares of each kind of record it keeps. The store owns the keys and
// index attributes; areas name the record's type, whether it is audited, and which fields are sensitive.

export interface EntityModel {
  /** The entity type, as keys and audit entries carry it (`asset`). */
  type: string;
  description: string;
  /**
   * `true`: a record people change — one audit entry per version, verified by GET /audit/verify.
   * `false`: derived (counters, progress, index child items) — no audit entries.
   */
  audited: boolean;
  /** Top-level fields recorded in audit entries as salted digests, never as values (they can be erased). */
  sensitive?: readonly string[];
}

const ENTITY_TYPE = /^[a-z][a-z-]{1,40}$/;

export function defineEntity<M extends EntityModel>(model: M): M {
  if (!ENTITY_TYPE.test(model.type)) throw new Error(`entity type ${model.type} is not kebab-case`);
  return model;
}
