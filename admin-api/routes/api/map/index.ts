import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MapSettings } from '../../../schemas/map.js';
import { responses } from '../../../schemas/index.js';

/**
 * The map background the deployment chose (same for every comune): the admin UI's reports and tasks
 * maps read it before drawing. Any signed-in user may read it, like `/auth/me`.
 *
 * @example
 * GET /api/v1/map/settings → {"tileUrl":"https://tile.openstreetmap.org/{z}/{x}/{y}.png","attribution":"© OpenStreetMap contributors"}
 */
const map: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/map/settings', {
    schema: { tags: ['map'], summary: 'The map tiles and their attribution for the admin UI\'s maps', response: responses({ 200: MapSettings }) },
  }, async () => ({ tileUrl: fastify.campanile.config.map.tileUrl, attribution: fastify.campanile.config.map.tileAttribution }));
};

export default map;
