import { Type, type Static } from '@sinclair/typebox';
import { DateTime } from './common.js';

/**
 * Which fields of a channel account are secret (write-only) and which are plain settings. The values
 * live flat in `ChannelAccount.config`, where adapters read them (`config.token`).
 */
export const CHANNEL_FIELDS = {
  telegram: { secrets: ['token', 'webhookSecret'], required: ['token'], settings: ['username'] },
  whatsapp: { secrets: ['accessToken', 'appSecret', 'verifyToken'], required: ['accessToken', 'appSecret', 'verifyToken'], settings: ['phoneNumberId', 'businessAccountId', 'dailyRecipients', 'messagesPerSecond'] },
} as const;
export type ChannelKind = keyof typeof CHANNEL_FIELDS;

const Secret = Type.String({ minLength: 1, maxLength: 512, writeOnly: true });
const Setting = Type.String({ minLength: 1, maxLength: 200 });

export const Secrets = Type.Object({
  token: Type.Optional(Secret), webhookSecret: Type.Optional(Secret),
  accessToken: Type.Optional(Secret), appSecret: Type.Optional(Secret), verifyToken: Type.Optional(Secret),
}, { additionalProperties: false, description: 'Write-only: never returned' });
const WholeNumber = (description: string) => Type.String({ pattern: '^[1-9][0-9]{0,6}$', description });
export const Settings = Type.Object({
  username: Type.Optional(Setting), phoneNumberId: Type.Optional(Setting), businessAccountId: Type.Optional(Setting),
  dailyRecipients: Type.Optional(WholeNumber("WhatsApp: unique people per 24 h outside the reply window, the number's messaging tier (250, 1000, 10000, 100000); default 250")),
  messagesPerSecond: Type.Optional(WholeNumber('WhatsApp: messages per second for this number; default 80')),
}, { additionalProperties: false });

export const ChannelAccountReply = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  name: Type.String(),
  active: Type.Boolean(),
  settings: Type.Record(Type.String(), Type.String()),
  /** Per secret field: whether it is set. Never the value. */
  secrets: Type.Record(Type.String(), Type.Object({ configured: Type.Boolean() })),
  configured: Type.Boolean({ description: 'Every required secret is set' }),
  createdAt: DateTime,
  running: Type.Optional(Type.Boolean({ description: 'The bot or number runs now in the process that answered (absent when this server does not run channels)' })),
  problem: Type.Optional(Type.String({ description: 'Why an active account does not run (a wrong token, a clash with another account): fix it and save again' })),
});
export type ChannelAccountReply = Static<typeof ChannelAccountReply>;

export const ChannelAccountCreate = Type.Object({
  channel: Type.Union([Type.Literal('telegram'), Type.Literal('whatsapp')]),
  name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', maxLength: 64, examples: ['default'] }),
  active: Type.Optional(Type.Boolean()),
  settings: Type.Optional(Settings),
  secrets: Secrets,
}, { additionalProperties: false });
export type ChannelAccountCreate = Static<typeof ChannelAccountCreate>;

export const ChannelAccountUpdate = Type.Object({
  active: Type.Optional(Type.Boolean()),
  settings: Type.Optional(Settings),
  secrets: Type.Optional(Secrets),
}, { additionalProperties: false });
export type ChannelAccountUpdate = Static<typeof ChannelAccountUpdate>;
