import { Type, type Static } from '@sinclair/typebox';
import { TenantSlug } from './common.js';

const CategoryKey = Type.String({ pattern: '^[a-z0-9-]{1,32}$', description: 'A category key', examples: ['eventi'] });
const Lang = Type.String({ pattern: '^[a-z]{2}$', description: 'A language the comune speaks (it, en, de); default its first', examples: ['de'] });

export const PublicParams = Type.Object({ tenant: TenantSlug });
export const PublicNoticeParams = Type.Object({ tenant: TenantSlug, id: Type.Integer({ minimum: 1 }) });
export type PublicNoticeParams = Static<typeof PublicNoticeParams>;

/** `?category=&lang=` of the archive page and the feeds. */
export const PublicListQuery = Type.Object({ category: Type.Optional(CategoryKey), lang: Type.Optional(Lang) });
export type PublicListQuery = Static<typeof PublicListQuery>;

/** `?category=&limit=&lang=` of the widget's data. */
export const WidgetQuery = Type.Object({
  category: Type.Optional(CategoryKey),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })),
  lang: Type.Optional(Lang),
});
export type WidgetQuery = Static<typeof WidgetQuery>;

/** What the widget shows: the latest sent notices and its texts in the page's language. */
export const WidgetData = Type.Object({
  locale: Type.String({ description: 'BCP 47 locale for dates', examples: ['it-IT'] }),
  archiveUrl: Type.String({ format: 'uri' }),
  texts: Type.Object({ heading: Type.String(), empty: Type.String(), all: Type.String() }),
  notices: Type.Array(Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    summary: Type.String(),
    sentAt: Type.String({ format: 'date-time' }),
    category: Type.String(),
    url: Type.String({ format: 'uri' }),
  })),
}, { description: 'The latest sent notices (drafts, scheduled and cancelled never)' });
export type WidgetData = Static<typeof WidgetData>;

/** The public face settings of a comune. */
export const PublicSettingsBody = Type.Object({
  archive: Type.Boolean({ description: 'The public archive, feeds and widget are on; off answers 404' }),
  colour: Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'The comune\'s colour', examples: ['#0b5394'] }),
  logoUrl: Type.Union([Type.String({ pattern: '^https://\\S+$', maxLength: 2000 }), Type.Null()], { description: 'An https address of the logo' }),
});
export type PublicSettingsBody = Static<typeof PublicSettingsBody>;
export const PublicSettingsUpdate = Type.Partial(PublicSettingsBody, { additionalProperties: false, description: 'Send at least one field' });
export type PublicSettingsUpdate = Static<typeof PublicSettingsUpdate>;

/** `?category=&lang=` of the join page; the poster adds `channel` and `account` (none: every channel). */
export const JoinQuery = PublicListQuery;
export const PosterQuery = Type.Object({
  category: Type.Optional(CategoryKey),
  lang: Type.Optional(Lang),
  channel: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,32}$', description: 'Only this channel (telegram, whatsapp, webchat…)' })),
  account: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,64}$', description: 'Only this account of the channel (default every one)' })),
});
export type PosterQuery = Static<typeof PosterQuery>;
