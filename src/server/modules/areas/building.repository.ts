import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import type { BuildingRow } from './areas.table';

/** Buildings' own rows (address, point); their area rows live in `areas` (level `building`). */
export class BuildingRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
  ) {}

  /** Insert buildings, ignoring codes already present; one statement per chunk. */
  async insertMany(rows: readonly BuildingRow[]): Promise<void> {
    for (const chunk of insertChunks(this.dialect, rows)) {
      await this.db
        .insertInto('buildings')
        .values(chunk)
        .onConflict((oc) => oc.column('building_code').doNothing())
        .execute();
    }
  }
}
