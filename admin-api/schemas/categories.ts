import { Type, type Static } from '@sinclair/typebox';
import { DateTime } from './common.js';

/** Labels per locale: `{ it: 'Eventi', en: 'Events' }`. */
const Labels = Type.Record(Type.String({ pattern: '^[a-z]{2}$' }), Type.String({ minLength: 1, maxLength: 100 }), { minProperties: 1, maxProperties: 10, examples: [{ it: 'Eventi' }] });

export const Category = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
  position: Type.Integer(),
  urgentByDefault: Type.Boolean(),
  active: Type.Boolean(),
  createdAt: DateTime,
});
export type Category = Static<typeof Category>;

export const CategoryCreate = Type.Object({
  key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$', maxLength: 32, description: 'Slug used in deep links', examples: ['eventi'] }),
  labels: Labels,
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  urgentByDefault: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type CategoryCreate = Static<typeof CategoryCreate>;

export const CategoryUpdate = Type.Object({
  labels: Type.Optional(Labels),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  urgentByDefault: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type CategoryUpdate = Static<typeof CategoryUpdate>;

export const CategoryOrder = Type.Object({
  ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 200, uniqueItems: true, description: 'Every category id, in the new order', examples: [[1]] }),
}, { additionalProperties: false });
export type CategoryOrder = Static<typeof CategoryOrder>;
