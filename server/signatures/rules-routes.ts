import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Convention, ErrorBody } from '../../shared/api';
import { RulesUpdateBody } from '../../shared/signatures-api';
import { validateRulesChange } from '../../shared/signatures/rules';
import { requireStaff } from '../auth/plugin';
import { currentConvention } from '../conventions/store';
import { errors } from '../errors';
import { reconcileAll } from './store';
import { updateRules } from './rules-store';

/** Staff set who may sign each kind, its threshold, the submission and signature deadlines, the roster date and the time zone. */
export const signatureRulesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/api/convention/rules',
    {
      schema: {
        tags: ['convention', 'signatures'],
        summary: 'Change the signature rules per kind, the submission or signature deadline (convention time), the roster date or the time zone (staff)',
        body: RulesUpdateBody,
        response: { 200: Convention, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      requireStaff(request);
      const result = validateRulesChange(request.body, currentConvention(app.db).timezone);
      if (!result.ok) throw errors.badRequest(result.message);
      const convention = app.db.transaction(() => {
        const updated = updateRules(app.db, result.change);
        reconcileAll(app.db);
        return updated;
      }).immediate();
      const ids = app.db.prepare("SELECT id FROM documents WHERE convention_id = ? AND status <> 'draft'").all(convention.id) as { id: string }[];
      app.tallies.notify(ids.map((row) => row.id));
      return convention;
    },
  );
};
