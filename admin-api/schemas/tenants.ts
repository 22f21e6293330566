import { Type, type Static } from '@sinclair/typebox';
import { DateTime, TenantSlug } from './common.js';

const Locale = Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$', maxLength: 5, examples: ['it'] });
const ModuleName = Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$', maxLength: 32, examples: ['base'] });

export const Tenant = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  locales: Type.Array(Type.String()),
  timezone: Type.String(),
  enabledModules: Type.Array(Type.String()),
  createdAt: DateTime,
});
export type Tenant = Static<typeof Tenant>;

export const TenantCreate = Type.Object({
  slug: TenantSlug,
  name: Type.String({ minLength: 1, maxLength: 200, examples: ['Comune di Esempio'] }),
  locales: Type.Optional(Type.Array(Locale, { minItems: 1, maxItems: 10 })),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, examples: ['Europe/Rome'] })),
  enabledModules: Type.Optional(Type.Array(ModuleName, { maxItems: 32 })),
}, { additionalProperties: false });
export type TenantCreate = Static<typeof TenantCreate>;

export const TenantUpdate = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  locales: Type.Optional(Type.Array(Locale, { minItems: 1, maxItems: 10 })),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  enabledModules: Type.Optional(Type.Array(ModuleName, { maxItems: 32 })),
}, { additionalProperties: false });
export type TenantUpdate = Static<typeof TenantUpdate>;
