import { Type, type Static } from '@sinclair/typebox';
import { DateTime } from './common.js';

/** Longest range `GET …/stats/audience` answers: a year and a day (a leap year's days). */
export const AUDIENCE_MAX_DAYS = 366;
/** Days shown when `from` is left out. */
export const AUDIENCE_DEFAULT_DAYS = 30;

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD in the comune\'s timezone', examples: ['2026-12-01'] });
const ChannelName = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,31}$', maxLength: 32, description: 'A channel id (telegram, whatsapp, webchat…)' });

/** `?from=&to=&channel=` of the audience numbers. */
export const AudienceQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  channel: Type.Optional(ChannelName),
});
export type AudienceQuery = Static<typeof AudienceQuery>;

const Count = Type.Integer({ minimum: 0 });

/** The comune's audience per day, from the daily snapshot (rolled up hourly). */
export const AudienceStats = Type.Object({
  from: Day,
  to: Day,
  channel: Type.Union([ChannelName, Type.Null()], { description: 'The channel asked for; null: all channels summed' }),
  channels: Type.Array(Type.String(), { description: 'Channels with data in the range' }),
  days: Type.Array(Type.Object({
    day: Day,
    followers: Type.Integer({ description: 'Channel identities at the day\'s end' }),
    joins: Count,
    leaves: Type.Integer({ minimum: 0, description: 'Identities erased ("delete my data")' }),
    subscribes: Count,
    unsubscribes: Count,
    subscriptions: Type.Array(Type.Object({ category: Type.String(), count: Type.Integer() }), { description: 'Subscriptions per category key at the day\'s end, largest first' }),
  }), { description: 'Rolled-up days in the range, oldest first (days before the first join have no row)' }),
});
export type AudienceStats = Static<typeof AudienceStats>;

const OutcomeCounts = Type.Object({
  delivered: Type.Integer({ description: 'Accepted by the channel' }),
  failed: Type.Integer({ description: 'Refused for good, or retries used up' }),
  blocked: Type.Integer({ description: 'The person blocked the bot or left the channel' }),
  windowClosed: Type.Integer({ description: 'Outside the channel\'s reply window, no template' }),
  pending: Type.Integer({ description: 'Not sent yet' }),
});

/** A notice's outcome per channel and in total. */
export const NoticeChannelOutcome = Type.Object({
  noticeId: Type.Integer(),
  total: OutcomeCounts,
  byChannel: Type.Record(Type.String(), OutcomeCounts),
});
export type NoticeChannelOutcome = Static<typeof NoticeChannelOutcome>;

export const NotReachedQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  after: Type.Optional(Type.Integer({ minimum: 0, description: 'The `next` cursor of the previous page' })),
});
export type NotReachedQuery = Static<typeof NotReachedQuery>;

const NotReachedItem = Type.Object({
  channel: Type.String(),
  shortId: Type.String({ description: 'Pseudonymous id: the same person has the same id on every notice; no chat id' }),
  status: Type.Union([Type.Literal('failed'), Type.Literal('blocked'), Type.Literal('window-closed'), Type.Literal('pending')]),
  since: DateTime,
});

/** A page of the recipients a notice did not reach. */
export const NotReachedPage = Type.Object({
  items: Type.Array(NotReachedItem),
  total: Type.Integer(),
  next: Type.Union([Type.Integer(), Type.Null()], { description: 'Cursor of the next page (`?after=`); null on the last page' }),
});
export type NotReachedPage = Static<typeof NotReachedPage>;
