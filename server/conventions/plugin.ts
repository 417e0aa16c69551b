import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Convention, ErrorBody } from '../../shared/api';
import { requireViewer } from '../auth/plugin';

export const conventionsPlugin: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/convention',
    {
      schema: {
        tags: ['convention'],
        summary: 'The convention: deadlines, line width, signature rules',
        response: { 200: Convention, 401: ErrorBody },
      },
    },
    async (request) => {
      requireViewer(request);
      return app.storage.conventions.current();
    },
  );
};
