import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '../../shared/api';
import { AuditVerification, AuditVerifyQuery } from '../../shared/signatures-api';
import { parseAnchor } from '../../shared/signatures/audit-chain';
import { requireStaff } from '../auth/plugin';

/** The signature audit log's check (staff). */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['signatures', 'audit'],
        summary: 'Verify the signature audit log: the hash chain, the signatures table against it, and optionally an entry recorded earlier (staff)',
        querystring: AuditVerifyQuery,
        response: { 200: AuditVerification, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      requireStaff(request);
      const anchor = request.query.anchor === undefined ? undefined : parseAnchor(request.query.anchor);
      return app.storage.signatures.verifyAudit(anchor ?? undefined);
    },
  );
};
