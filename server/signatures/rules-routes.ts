import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Convention, ErrorBody } from '../../shared/api';
import { RulesUpdateBody } from '../../shared/signatures-api';
import { validateRulesChange } from '../../shared/signatures/rules';
import { requireStaff } from '../auth/plugin';
import { errors } from '../errors';

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
      const result = validateRulesChange(request.body, (await app.storage.conventions.current()).timezone);
      if (!result.ok) throw errors.badRequest(result.message);
      const convention = await app.storage.rules.update(result.change);
      app.tallies.notify(await app.storage.documents.publishedIds(convention.id));
      return convention;
    },
  );
};
