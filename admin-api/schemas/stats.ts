import { Type, type Static } from '@sinclair/typebox';

/**
 * A comune's statistics. The notification engine adds a `notices` section (sent, delivered, failed)
 * next to these when it lands.
 */
export const TenantStats = Type.Object({
  people: Type.Integer(),
  identities: Type.Array(Type.Object({ channel: Type.String(), active: Type.Integer(), inactive: Type.Integer() })),
  subscribers: Type.Array(Type.Object({ category: Type.String(), count: Type.Integer() })),
});
export type TenantStats = Static<typeof TenantStats>;
