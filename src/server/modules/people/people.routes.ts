import { z } from 'zod';
import * as c from '../../../contract/people';
import { DomainError, validationError, why } from '../../errors';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import { PeopleService } from './people.service';
import { exportPeople } from './people-export';
import { importPeople } from './people-import';
import { RegistryService } from './registry.service';
import { PhoneRevealService } from './phone-reveal.service';

/** `/people/*`: request and response schemas live in src/contract/people.ts; rows are mapped by person-view.ts. */
export const peopleRoutes: ModuleRoutes = async (app, { ctx }) => {
  const registry = new RegistryService(ctx);
  const phones = new PhoneRevealService(ctx);
  const people = new PeopleService(ctx);

  app.get(
    '/people',
    {
      config: { access: 'people:read' },
      schema: {
        tags: ['people'],
        summary: 'Search people by name prefix, ID number or phone (exact), or list an area; masked, scoped, keyset-paginated',
        querystring: c.peopleSearchQuery,
        response: { 200: c.peoplePage },
      },
    },
    async (req) => registry.search(actorOf(req), req.query),
  );

  app.post(
    '/people',
    {
      config: { access: 'people:write' },
      schema: {
        tags: ['people'],
        summary: 'Register one person (deduplicated by document number)',
        body: c.personCreateBody,
        response: { 200: c.personAnswer },
      },
    },
    async (req) => ({ person: await people.createPerson(actorOf(req), req.body) }),
  );

  app.get(
    '/people/export',
    {
      config: { access: 'people:export' },
      schema: {
        tags: ['people'],
        summary: 'Export a filtered list as CSV or XLSX, identifiers masked; lang=zh gives Chinese column headers and sex, tags and control status in words',
        querystring: c.peopleExportQuery,
      },
    },
    async (req, reply) => {
      const { format, lang, ...query } = req.query;
      const actor = actorOf(req);
      await registry.search(actor, { ...query, limit: 1 }); // validate the filter before streaming
      void reply.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      void reply.header('content-disposition', `attachment; filename="people.${format}"`);
      return reply.send(exportPeople(ctx, actor, query, format, lang));
    },
  );

  app.post(
    '/people/import',
    {
      config: { access: 'people:import' },
      schema: {
        tags: ['people'],
        summary: 'Import people from CSV/XLSX (multipart field "file"): rejected rows reported, accepted rows committed, idempotent',
        response: { 200: c.importResult },
      },
    },
    async (req) => {
      const file = await req.file();
      if (!file) throw new DomainError('VALIDATION_FAILED', 'Send the file as multipart field "file"', { fields: { file: 'is required' } });
      const result = await importPeople(ctx, actorOf(req), file.file);
      if (file.file.truncated)
        throw new DomainError(
          'PAYLOAD_TOO_LARGE',
          `The file is larger than the upload limit (${ctx.config.uploadLimitBytes} bytes); rows before the limit were imported`,
          { ...result, errors: undefined },
        );
      return result;
    },
  );

  app.post(
    '/people/merge',
    {
      config: { access: 'people:merge' },
      schema: {
        tags: ['people'],
        summary: 'Merge a duplicate record into another (audited)',
        body: c.personMergeBody,
        response: { 200: c.personAnswer },
      },
    },
    async (req) => ({ person: await registry.merge(actorOf(req), req.body.keepId, req.body.mergeId, req.body.reason) }),
  );

  app.get(
    '/people/:id',
    {
      config: { access: 'people:read' },
      schema: {
        tags: ['people'],
        summary: 'Person page: details, household, control-status history, audit',
        params: z.object({ id: z.string() }),
        response: { 200: c.personPageAnswer },
      },
    },
    async (req) => registry.personPage(actorOf(req), req.params.id),
  );

  app.patch(
    '/people/:id',
    {
      config: { access: 'people:write' },
      schema: {
        tags: ['people'],
        summary: "Change a person's details (not the area: moving is POST /people/:id/move; audited by field name)",
        params: c.personIdParam,
        body: c.personPatchBody,
        response: { 200: c.personAnswer },
      },
    },
    async (req) => {
      const { areaCode, ...patch } = req.body;
      if (areaCode !== undefined)
        throw validationError({ areaCode: why('move_to_change', 'is changed only by moving the person (POST /people/:id/move, with a reason)') });
      return { person: await people.updatePerson(actorOf(req), req.params.id, patch) };
    },
  );

  app.post(
    '/people/:id/move',
    {
      config: { access: 'people:write' },
      schema: {
        tags: ['people'],
        summary: 'Move a person to another area in your scope (reason required; old area notified by hand-off; audited)',
        params: c.personIdParam,
        body: c.personMoveBody,
        response: { 200: c.personAnswer },
      },
    },
    async (req) => ({ person: await people.movePerson(actorOf(req), req.params.id, req.body) }),
  );

  app.post(
    '/people/:id/reveal',
    {
      config: { access: 'pii:reveal' },
      schema: {
        tags: ['people'],
        summary: 'Show ID number and phone in clear (reason required, audited)',
        params: z.object({ id: z.string() }),
        body: c.revealBody,
        response: { 200: c.revealed },
      },
    },
    async (req) => registry.reveal(actorOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/people/:id/phone',
    {
      config: { access: 'pii:reveal' },
      schema: {
        tags: ['people'],
        summary: 'Show only the phone in clear, to call the person (reason required, audited as a reveal)',
        params: z.object({ id: z.string() }),
        body: c.phoneRevealBody,
        response: { 200: c.phoneRevealed },
      },
    },
    async (req) => phones.reveal(actorOf(req), req.params.id, req.body.reason, req.body.via),
  );
};
