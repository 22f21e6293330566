/**
 * Admin routes of the staff registry, mounted under /api/v1/tenants/:tenant/staff. Writes are audited
 * by the admin API's hook (every successful POST/PUT/PATCH/DELETE).
 */
import { defineAdminRoute, type AdminRoute, type ModuleServices } from '../../../core/internal.js';
import { invitationLinks } from '../service/invitation-links.js';
import { STAFF_READ, STAFF_WRITE } from '../permissions.js';
import { createInvitation, listInvitations, revokeInvitation } from '../service/invitation-service.js';
import { createMember, deleteGroup, listGroups, listMembers, memberDto, saveGroup, unlinkMember, updateMember } from '../service/registry-service.js';
import { exportStaffCsv, importStaffCsv } from '../service/staff-csv.js';
import { eraseStaffMember } from '../service/staff-erasure.js';
import { staffReply } from './route-reply.js';
import * as s from './schemas.js';

const errors = { 400: s.errorSchema, 404: s.errorSchema };

export function staffRoutes(services: Pick<ModuleServices, 'joinLinks'>): AdminRoute[] {
  return [
    defineAdminRoute({
      method: 'GET', path: '/members', summary: 'List staff members', permission: STAFF_READ,
      schema: { querystring: s.memberQuerySchema, response: { 200: s.memberListSchema } },
      handler: (req) => staffReply(200, async () => ({ items: await listMembers(req.em, req.query) })),
    }),
    defineAdminRoute({
      method: 'GET', path: '/members/:id', summary: 'Read one staff member', permission: STAFF_READ,
      schema: { params: s.idParams, response: { 200: s.memberSchema, 404: s.errorSchema } },
      handler: (req) => staffReply(200, () => memberDto(req.em, req.params.id)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/members', summary: 'Create a staff member', permission: STAFF_WRITE,
      schema: { body: s.memberInputSchema, response: { 201: s.memberSchema, 400: s.errorSchema } },
      handler: (req) => staffReply(201, () => createMember(req.em, req.tenant.id, req.body)),
    }),
    defineAdminRoute({
      method: 'PUT', path: '/members/:id', summary: 'Replace a staff member (deactivating ends staff access at once)', permission: STAFF_WRITE,
      schema: { params: s.idParams, body: s.memberInputSchema, response: { 200: s.memberSchema, ...errors } },
      handler: (req) => staffReply(200, () => updateMember(req.em, req.tenant.id, req.params.id, req.body)),
    }),
    defineAdminRoute({
      method: 'DELETE', path: '/members/:id', summary: 'Erase a staff member: record, chat links, invitations (tasks show "ex membro")', permission: STAFF_WRITE,
      schema: { params: s.idParams, response: { 204: s.noContentSchema, 404: s.errorSchema } },
      handler: (req) => staffReply(204, () => eraseStaffMember(req.em, req.params.id)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/members/:id/unlink', summary: 'Unlink every chat of a member (staff access ends at once)', permission: STAFF_WRITE,
      schema: { params: s.idParams, response: { 200: s.unlinkSchema, 404: s.errorSchema } },
      handler: (req) => staffReply(200, () => unlinkMember(req.em, req.params.id)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/members/:id/invitations', summary: 'Invite a member to link their chat (single use, default 72 h)', permission: STAFF_WRITE,
      schema: { params: s.idParams, body: s.invitationInputSchema, response: { 201: s.createdInvitationSchema, ...errors } },
      handler: (req) => staffReply(201, async () => {
        const created = await createInvitation(req.em, req.tenant.id, req.params.id, req.body.hours);
        return { ...created, links: await invitationLinks(services.joinLinks, req.tenant.slug, created) };
      }),
    }),
    defineAdminRoute({
      method: 'GET', path: '/invitations', summary: 'List invitations and their status', permission: STAFF_READ,
      schema: { querystring: s.invitationQuerySchema, response: { 200: s.invitationListSchema } },
      handler: (req) => staffReply(200, async () => ({ items: await listInvitations(req.em, req.query.memberId) })),
    }),
    defineAdminRoute({
      method: 'POST', path: '/invitations/:id/revoke', summary: 'Revoke an invitation not used yet', permission: STAFF_WRITE,
      schema: { params: s.idParams, response: { 200: s.invitationSchema, 404: s.errorSchema } },
      handler: (req) => staffReply(200, () => revokeInvitation(req.em, req.params.id)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/groups', summary: 'List staff groups', permission: STAFF_READ,
      schema: { response: { 200: s.groupListSchema } },
      handler: (req) => staffReply(200, async () => ({ items: await listGroups(req.em) })),
    }),
    defineAdminRoute({
      method: 'POST', path: '/groups', summary: 'Create a staff group', permission: STAFF_WRITE,
      schema: { body: s.groupInputSchema, response: { 201: s.groupSchema, 400: s.errorSchema, 409: s.errorSchema } },
      handler: (req) => staffReply(201, () => saveGroup(req.em, req.tenant.id, req.body)),
    }),
    defineAdminRoute({
      method: 'PUT', path: '/groups/:id', summary: 'Rename a group or change its on-duty mode', permission: STAFF_WRITE,
      schema: { params: s.idParams, body: s.groupInputSchema, response: { 200: s.groupSchema, ...errors, 409: s.errorSchema } },
      handler: (req) => staffReply(200, () => saveGroup(req.em, req.tenant.id, req.body, req.params.id)),
    }),
    defineAdminRoute({
      method: 'DELETE', path: '/groups/:id', summary: 'Delete a group (its members stay)', permission: STAFF_WRITE,
      schema: { params: s.idParams, response: { 204: s.noContentSchema, 404: s.errorSchema } },
      handler: (req) => staffReply(204, () => deleteGroup(req.em, req.params.id)),
    }),
    defineAdminRoute({
      method: 'POST', path: '/import', summary: 'Import members from CSV (name,role,phone,email,groups,active); all or nothing', permission: STAFF_WRITE,
      bodyLimit: 8 * 1024 * 1024,
      schema: { body: s.csvImportSchema, response: { 200: s.csvImportResultSchema, 400: s.errorSchema } },
      handler: (req) => staffReply(200, () => importStaffCsv(req.em, req.tenant.id, req.body.csv)),
    }),
    defineAdminRoute({
      method: 'GET', path: '/export', summary: 'Export members as CSV', permission: STAFF_READ,
      schema: { response: { 200: s.csvExportSchema } },
      handler: (req) => staffReply(200, async () => ({ fileName: `personale-${req.tenant.slug}.csv`, csv: await exportStaffCsv(req.em) })),
    }),
  ];
}
