import { Type, type Static } from '@sinclair/typebox';
import { DateTime } from './common.js';

export const AuditRow = Type.Object({
  id: Type.Integer(),
  tenant: Type.Union([Type.Integer(), Type.Null()], { description: 'Tenant id; null for actions outside any comune' }),
  userId: Type.Union([Type.Integer(), Type.Null()]),
  userEmail: Type.String(),
  action: Type.String(),
  target: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  method: Type.String(),
  path: Type.String(),
  status: Type.Integer(),
  ip: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
});
export type AuditRow = Static<typeof AuditRow>;

export const AuditQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  before: Type.Optional(Type.Integer({ minimum: 1, description: 'Entries with a smaller id (paging backwards)' })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  target: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type AuditQuery = Static<typeof AuditQuery>;
