import { stringify } from 'csv-stringify/sync';
import { usersImportResultSchema } from '../../../contract/owners';
import { fileOf } from '../../http/multipart';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { importUsers } from './users-import';

/** The initial passwords as the CSV the CLI writes to `--passwords` (username,password). */
export function passwordsCsv(passwords: ReadonlyArray<{ username: string; password: string }>): string {
  return stringify([...passwords], { header: true, columns: ['username', 'password'] });
}

/**
 * `POST /users/import`: the bulk form of creating users (issue 13 item 5). The initial passwords
 * travel in this one answer (`passwordsCsv`) and nowhere else: the server stores only their
 * argon2 hashes, so there is no download link to leak or to expire, and the answer is marked
 * `no-store` so no cache keeps it.
 */
export const usersImportRoutes: ModuleRoutes = async (app, { ctx }) => {
  app.post(
    '/users/import',
    {
      config: { access: 'users:manage' },
      schema: {
        tags: ['users'],
        summary:
          'Import users from CSV/XLSX (multipart field "file"; columns username,display_name,role,scope,phone[,sites], scope codes separated by |). Good rows are kept, bad rows reported; new accounts get a one-time password, returned only in this answer (passwordsCsv) and to be changed at first login',
        response: { 200: usersImportResultSchema },
      },
    },
    async (req, reply) => {
      const r = await importUsers(ctx, actorOf(req), await fileOf(req, ctx.config.uploadLimitBytes));
      void reply.header('cache-control', 'no-store');
      return {
        accepted: r.accepted,
        rejected: r.rejected,
        unchanged: r.unchanged,
        updated: r.updated,
        errors: r.errors,
        passwordsCsv: passwordsCsv(r.passwords),
      };
    },
  );
};
