import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Page } from './common.js';

export const Identity = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  account: Type.String(),
  externalId: Type.String(),
  active: Type.Boolean(),
  lastInboundAt: Type.Union([DateTime, Type.Null()]),
});

export const PersonRow = Type.Object({
  id: Type.Integer(),
  locale: Type.String(),
  createdAt: DateTime,
  lastSeenAt: DateTime,
  identities: Type.Array(Identity),
  categories: Type.Array(Type.String(), { description: 'Keys of subscribed categories' }),
});
export type PersonRow = Static<typeof PersonRow>;

export const PeopleQuery = Type.Composite([Page, Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Person id or (part of) a channel id' })),
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
})]);
export type PeopleQuery = Static<typeof PeopleQuery>;

export const Subscriber = Type.Object({
  personId: Type.Integer(),
  category: Type.String(),
  subscribedAt: DateTime,
});
export const SubscribersQuery = Type.Composite([Page, Type.Object({
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'Category key' })),
})]);
export type SubscribersQuery = Static<typeof SubscribersQuery>;
