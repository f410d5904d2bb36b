import type { RawBuilder, SqlBool } from 'kysely';
import type { Scope } from './scope';

/**
 * How one kind of record is guarded: the table and key to find it by, and SQL predicates (over
 * that table, aliased `t`) saying whether a scope may read it and may change it. Each capability
 * declares its kinds in `guards.<module>.ts`; `Access.ensure` is the one check that uses them.
 */
export interface GuardSpec {
  table: string;
  key: string;
  read: (scope: Scope) => RawBuilder<SqlBool>;
  /** Defaults to `read`: whoever may see the record may change it (subject to permissions). */
  write?: (scope: Scope) => RawBuilder<SqlBool>;
}
