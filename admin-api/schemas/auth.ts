import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from '../../core/internal.js';
import { DateTime } from './common.js';

/** Shortest accepted password: long passphrases beat complexity rules (NIST SP 800-63B). */
export const MIN_PASSWORD = 12;

export const Email = Type.String({ format: 'email', maxLength: 254, examples: ['sindaco@comune.example.it'] });
export const Password = Type.String({ minLength: MIN_PASSWORD, maxLength: 256, examples: ['correct horse battery staple'] });
export const RoleName = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const LoginBody = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 256, examples: ['correct horse battery staple'] }) }, { additionalProperties: false });
export type LoginBody = Static<typeof LoginBody>;

/** The signed-in user as the API shows them. */
export const Me = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  role: RoleName,
  tenant: Type.Union([Type.String(), Type.Null()], { description: 'Slug of the comune; null for a superadmin' }),
  tenantName: Type.Union([Type.String(), Type.Null()], { description: 'Name of the comune, as shown to citizens; null for a superadmin' }),
  timeZone: Type.Union([Type.String(), Type.Null()], { description: 'IANA timezone of the comune (e.g. Europe/Rome): schedule times are entered in it; null for a superadmin' }),
  languages: Type.Array(Type.String(), { description: 'Languages of the comune, first = the language notices are written in; translations may be added for the others. Empty for a superadmin' }),
  permissions: Type.Array(Type.String(), { description: 'Permissions held in the own comune' }),
});
export type Me = Static<typeof Me>;

export const LoginReply = Type.Object({
  token: Type.String({ description: 'Bearer token for API clients; the UI uses the httpOnly cookie set with it' }),
  expiresAt: DateTime,
  user: Me,
});
export type LoginReply = Static<typeof LoginReply>;

export const PasswordChangeBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
  newPassword: Password,
}, { additionalProperties: false });
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;
