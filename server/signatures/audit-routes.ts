import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '../../shared/api';
import { AuditVerification } from '../../shared/signatures-api';
import { requireStaff } from '../auth/plugin';
import { verifyAudit } from './audit';

/** The signature audit log's check (staff). */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/audit/verify',
    {
      schema: {
        tags: ['signatures', 'audit'],
        summary: 'Verify the signature audit log: the hash chain, and the signatures table against it (staff)',
        response: { 200: AuditVerification, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      requireStaff(request);
      return verifyAudit(app.db);
    },
  );
};
