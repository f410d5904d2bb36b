import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import type { DB } from '../../db/schema';
import { Access, type Scope } from '../access';
import { CaseRepository } from './case.repository';
import type { CaseRow } from './tracing.table';

/**
 * A case by id or code through the one access check: 404 when the scope may not read it (as if it
 * did not exist), 403 for a write on a case readable but not writable. In the caller's transaction.
 */
export async function caseFor(trx: Kysely<DB>, dialect: Dialect, scope: Scope, idOrCode: string, mode: 'read' | 'write' = 'read'): Promise<CaseRow> {
  const row = await new CaseRepository(trx, scope, dialect).byIdOrCode(idOrCode);
  await new Access(trx, scope).ensure('case', row?.id ?? idOrCode, mode);
  if (!row) throw new Error('unreachable: Access.ensure passed for a case the repository did not find');
  return row;
}
