/**
 * Schemas (TypeBox) of the staff registry's admin routes: validation, serialisation and OpenAPI, and
 * through `Static<>` the types the handlers see.
 */
import { Type } from '@sinclair/typebox';
import { Nullable, StringEnum } from '../../../core/internal.js';

const closed = { additionalProperties: false } as const;
const id = Type.Integer({ minimum: 1 });
const dateTime = Type.String({ format: 'date-time' });

export const errorSchema = Type.Object({ code: Type.String(), message: Type.String() }, closed);
export const idParams = Type.Object({ id }, closed);
export const noContentSchema = Type.Null();

const groupRef = Type.Object({ id, name: Type.String() }, closed);

export const memberSchema = Type.Object({
  id, name: Type.String(), role: Type.String(), phone: Nullable(Type.String()), email: Nullable(Type.String()),
  active: Type.Boolean(), onDuty: Type.Boolean(), groups: Type.Array(groupRef), linkedIdentities: Type.Integer(),
}, closed);
export const memberListSchema = Type.Object({ items: Type.Array(memberSchema) }, closed);
export const memberQuerySchema = Type.Object({ groupId: Type.Optional(id), active: Type.Optional(Type.Boolean()) }, closed);
export const memberInputSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.Optional(Type.String({ maxLength: 200 })),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[+0-9 ()./-]*$' }))),
  email: Type.Optional(Nullable(Type.String({ maxLength: 200, pattern: '^$|^[^@\\s]+@[^@\\s]+$' }))),
  active: Type.Optional(Type.Boolean()),
  groupIds: Type.Optional(Type.Array(id, { maxItems: 50 })),
}, closed);

export const groupSchema = Type.Object({ id, name: Type.String(), onDutyMode: Type.Boolean(), memberCount: Type.Integer() }, closed);
export const groupListSchema = Type.Object({ items: Type.Array(groupSchema) }, closed);
export const groupInputSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), onDutyMode: Type.Optional(Type.Boolean()) }, closed);

export const invitationInputSchema = Type.Object({
  hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 30, description: 'Validity in hours (default 72).' })),
}, closed);
export const createdInvitationSchema = Type.Object({
  id, memberId: id, expiresAt: dateTime,
  startPayload: Type.String({ description: 'The /start payload: a Telegram deep link is https://t.me/<bot>?start=<payload>.' }),
  code: Type.String({ description: 'Typed to the bot on WhatsApp and other channels without deep links.' }),
  links: Type.Array(Type.Object({
    channel: Type.String(), account: Type.String(),
    url: Type.String({ description: "The channel's deep link (Telegram with the real bot username; WhatsApp prefilled with the code)." }),
    handle: Type.Optional(Type.String()),
    qr: Type.String({ description: 'The link as a QR code: a PNG data URL.' }),
  }, closed), { description: 'One per channel account serving the comune that gives a join link.' }),
}, closed);
export const invitationSchema = Type.Object({ id, memberId: id, createdAt: dateTime, expiresAt: dateTime, status: StringEnum(['pending', 'used', 'revoked', 'expired']) }, closed);
export const invitationListSchema = Type.Object({ items: Type.Array(invitationSchema) }, closed);
export const invitationQuerySchema = Type.Object({ memberId: Type.Optional(id) }, closed);

export const unlinkSchema = Type.Object({ unlinked: Type.Integer() }, closed);
export const csvImportSchema = Type.Object({ csv: Type.String({ minLength: 1, maxLength: 2_000_000 }) }, closed);
export const csvImportResultSchema = Type.Object({ created: Type.Integer(), updated: Type.Integer(), groupsCreated: Type.Integer() }, closed);
export const csvExportSchema = Type.Object({ fileName: Type.String(), csv: Type.String() }, closed);
