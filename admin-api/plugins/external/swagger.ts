import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/**
 * The OpenAPI 3.1 document, generated from the route schemas, at `/docs/json`, and Swagger UI at
 * `/docs`. Security schemes: a bearer token (API clients) or the session cookie (the UI). Routes that
 * need no credentials say `security: []`; `x-permission` names the permission a route needs.
 *
 * @example
 * curl -s localhost:3000/docs/json | jq '.paths | keys'
 */
export default fp(
  async (fastify) => {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Campanile admin API',
          version: '1.0.0',
          description: 'Back office of Campanile: comuni, users and roles, categories, people, channel accounts, audit log, retention settings and module routes. Errors share one problem shape `{status, code, message, details}`.',
          license: { name: 'EUPL-1.2', url: 'https://interoperable-europe.ec.europa.eu/collection/eupl' },
        },
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/v1/auth/login' },
            cookie: { type: 'apiKey', in: 'cookie', name: 'campanile_session', description: 'Session cookie set by login (httpOnly, SameSite=Strict)' },
            metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, for /metrics when it is set' },
          },
        },
        security: [{ bearer: [] }, { cookie: [] }],
      },
    });
    await fastify.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  },
  { name: 'swagger' },
);
