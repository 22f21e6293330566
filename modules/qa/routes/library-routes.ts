/**
 * Admin routes of the Q&A library: CRUD, import (JSON, CSV, the starter library) and export.
 * Mounted by the admin API under /api/v1/tenants/:tenant/qa.
 */
import { defineAdminRoute, type AdminRoute } from '../../../core/internal.js';
import { QA_READ, QA_WRITE } from '../permissions.js';
import { exportLibrary, importLibrary, importStarter } from '../service/library-io.js';
import { createEntry, deleteEntry, findEntry, listEntries, toEntryDto, updateEntry } from '../service/library-service.js';
import { serviceReply } from './route-reply.js';
import * as s from './schemas.js';

const errors = { 400: s.errorSchema, 404: s.errorSchema, 409: s.errorSchema };

/**
 * The library routes.
 *
 * @example
 * for (const route of libraryRoutes()) api.adminRoute(route);
 */
export function libraryRoutes(): AdminRoute[] {
  return [
    defineAdminRoute({
      method: 'GET', path: '/entries', summary: 'List Q&A entries', permission: QA_READ,
      schema: { querystring: s.entryQuerySchema, response: { 200: s.entryListSchema } },
      handler: (req) => serviceReply(200, () => listEntries(req.em, req.query)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/entries/:id', summary: 'Read one Q&A entry', permission: QA_READ,
      schema: { params: s.idParams, response: { 200: s.entrySchema, 404: s.errorSchema } },
      handler: (req) => serviceReply(200, async () => toEntryDto(await findEntry(req.em, req.params.id))),
    }),
    defineAdminRoute({
      method: 'POST', path: '/entries', summary: 'Create a Q&A entry', permission: QA_WRITE,
      schema: { body: s.entryInputSchema, response: { 201: s.entrySchema, 400: s.errorSchema, 409: s.errorSchema } },
      handler: (req) => serviceReply(201, () => createEntry(req.em, req.tenant.id, req.body)),
    }),
    defineAdminRoute({
      method: 'PUT', path: '/entries/:id', summary: 'Replace a Q&A entry', permission: QA_WRITE,
      schema: { params: s.idParams, body: s.entryInputSchema, response: { 200: s.entrySchema, ...errors } },
      handler: (req) => serviceReply(200, () => updateEntry(req.em, req.params.id, req.body)),
    }),
    defineAdminRoute({
      method: 'DELETE', path: '/entries/:id', summary: 'Delete a Q&A entry (the bot stops using it at once)', permission: QA_WRITE,
      schema: { params: s.idParams, response: { 204: s.noContentSchema, 404: s.errorSchema } },
      handler: (req) => serviceReply(204, () => deleteEntry(req.em, req.params.id)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/import', summary: 'Import a library file (JSON or CSV); all or nothing', permission: QA_WRITE,
      // Room for the largest file the schema accepts: 5 M characters, up to 4 bytes each in UTF-8.
      bodyLimit: 24 * 1024 * 1024,
      schema: { body: s.importSchema, response: { 200: s.importResultSchema, 400: s.errorSchema } },
      handler: (req) => serviceReply(200, () => importLibrary(req.em, req.tenant.id, req.body)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/import-starter', summary: 'Import the Italian starter library (42 common questions)', permission: QA_WRITE,
      schema: { body: s.importStarterSchema, response: { 200: s.importResultSchema, 400: s.errorSchema } },
      handler: (req) => serviceReply(200, () => importStarter(req.em, req.tenant.id, req.body.mode)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/export', summary: 'Export the library as JSON or CSV', permission: QA_READ,
      schema: { querystring: s.exportQuerySchema, response: { 200: s.exportSchema } },
      handler: (req) => serviceReply(200, () => exportLibrary(req.em, req.query.format ?? 'json', req.tenant.slug)),
    }),
  ];
}
