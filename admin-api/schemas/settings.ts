import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_RETENTION, RETENTION_LIMITS, type RetentionSettings as CoreRetention } from '../../core/internal.js';

/** Whole days within core's `RETENTION_LIMITS`, with the default as example. */
function days(key: keyof CoreRetention, what: string) {
  const { min, max } = RETENTION_LIMITS[key];
  return Type.Integer({ minimum: min, maximum: max, description: `Days ${what} are kept (${min}-${max}; default ${DEFAULT_RETENTION[key]})`, examples: [DEFAULT_RETENTION[key]] });
}

const retentionFields = {
  conversationDays: days('conversationDays', 'the conversation history (bot and web chat) and its messages'),
  inboundMediaDays: days('inboundMediaDays', 'files people sent (photos, voice notes, videos, documents)'),
  locationDays: days('locationDays', 'positions people shared'),
};

/** A comune's retention as it applies now (stored values, defaults for the rest). */
export const RetentionSettings = Type.Object(retentionFields, { description: 'How long the comune keeps what citizens send; older data is deleted hourly' });
export type RetentionSettings = Static<typeof RetentionSettings>;

/** A change of some retention settings; the others stay as they are. */
export const RetentionUpdate = Type.Object({
  conversationDays: Type.Optional(retentionFields.conversationDays),
  inboundMediaDays: Type.Optional(retentionFields.inboundMediaDays),
  locationDays: Type.Optional(retentionFields.locationDays),
}, { additionalProperties: false, description: 'Send at least one field; the others stay as they are' });
export type RetentionUpdate = Static<typeof RetentionUpdate>;
