import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from '../../core/internal.js';
import { DateTime } from './common.js';
import { Email, Password, RoleName } from './auth.js';

/** Roles a comune's user can have: superadmins are made with `npm run admin:create`, not through a tenant. */
export const TenantRole = Type.Union(ROLES.filter((r) => r !== 'superadmin').map((r) => Type.Literal(r)));

export const User = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  role: RoleName,
  active: Type.Boolean(),
  createdAt: DateTime,
});
export type User = Static<typeof User>;

export const UserCreate = Type.Object({
  email: Email,
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  role: TenantRole,
  password: Password,
}, { additionalProperties: false });
export type UserCreate = Static<typeof UserCreate>;

export const UserUpdate = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  role: Type.Optional(TenantRole),
  active: Type.Optional(Type.Boolean()),
  password: Type.Optional(Password),
}, { additionalProperties: false });
export type UserUpdate = Static<typeof UserUpdate>;

export const RoleInfo = Type.Object({
  role: RoleName,
  permissions: Type.Array(Type.String()),
});
export const PermissionInfo = Type.Object({
  name: Type.String(),
  description: Type.String(),
  roles: Type.Array(RoleName),
  module: Type.Union([Type.String(), Type.Null()]),
});
export const RolesReply = Type.Object({ roles: Type.Array(RoleInfo), permissions: Type.Array(PermissionInfo) });
