import { escapeXml } from './xml-escape.js';

/** One entry of a feed. */
export interface FeedEntry {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly url: string;
  readonly published: Date;
  readonly category: string;
  readonly image?: { readonly url: string; readonly mimeType: string; readonly size: number };
  /** The notice's PDF, given as a link (feed readers show enclosures as media, not documents). */
  readonly document?: { readonly url: string; readonly label: string };
  readonly link?: { readonly url: string; readonly label: string };
}

/** A feed: the comune's notices, or one category's. */
export interface Feed {
  readonly title: string;
  readonly description: string;
  /** The archive page the feed mirrors. */
  readonly pageUrl: string;
  /** The feed's own address (Atom `rel="self"`, its id). */
  readonly selfUrl: string;
  readonly language: string;
  readonly author: string;
  readonly entries: readonly FeedEntry[];
}

/**
 * RSS 2.0 (with `atom:link rel="self"` as the RSS Advisory Board recommends): channel title, link and
 * description; per item title, link, description, a permalink guid, pubDate (RFC 822), category, the
 * image as enclosure (url, length, type). The PDF and the link are part of the description.
 *
 * @example
 * reply.type('application/rss+xml; charset=utf-8').send(rssFeed(feed));
 */
export function rssFeed(feed: Feed): string {
  const e = escapeXml;
  const updated = latest(feed);
  const items = feed.entries.map((entry) => [
    '    <item>',
    `      <title>${e(entry.title)}</title>`,
    `      <link>${e(entry.url)}</link>`,
    `      <description>${e(description(entry))}</description>`,
    `      <guid isPermaLink="true">${e(entry.url)}</guid>`,
    `      <pubDate>${entry.published.toUTCString()}</pubDate>`,
    `      <category>${e(entry.category)}</category>`,
    entry.image ? `      <enclosure url="${e(entry.image.url)}" length="${entry.image.size}" type="${e(entry.image.mimeType)}"/>` : '',
    '    </item>',
  ].filter(Boolean).join('\n'));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    `    <title>${e(feed.title)}</title>`,
    `    <link>${e(feed.pageUrl)}</link>`,
    `    <description>${e(feed.description)}</description>`,
    `    <language>${e(feed.language)}</language>`,
    `    <lastBuildDate>${updated.toUTCString()}</lastBuildDate>`,
    `    <atom:link href="${e(feed.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

/**
 * Atom (RFC 4287): feed id, title, updated, author and `link rel="self"`; per entry id, title,
 * updated, published, `link rel="alternate"`, the text as content, the image as `rel="enclosure"`
 * and the PDF as `rel="related"`.
 *
 * @example
 * reply.type('application/atom+xml; charset=utf-8').send(atomFeed(feed));
 */
export function atomFeed(feed: Feed): string {
  const e = escapeXml;
  const entries = feed.entries.map((entry) => [
    '  <entry>',
    `    <id>${e(entry.url)}</id>`,
    `    <title type="text">${e(entry.title)}</title>`,
    `    <updated>${entry.published.toISOString()}</updated>`,
    `    <published>${entry.published.toISOString()}</published>`,
    `    <link rel="alternate" type="text/html" href="${e(entry.url)}"/>`,
    entry.image ? `    <link rel="enclosure" type="${e(entry.image.mimeType)}" length="${entry.image.size}" href="${e(entry.image.url)}"/>` : '',
    entry.document ? `    <link rel="related" type="application/pdf" title="${e(entry.document.label)}" href="${e(entry.document.url)}"/>` : '',
    entry.link ? `    <link rel="related" title="${e(entry.link.label)}" href="${e(entry.link.url)}"/>` : '',
    `    <category term="${e(entry.category)}"/>`,
    `    <content type="text">${e(description(entry))}</content>`,
    '  </entry>',
  ].filter(Boolean).join('\n'));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${e(feed.language)}">`,
    `  <id>${e(feed.selfUrl)}</id>`,
    `  <title type="text">${e(feed.title)}</title>`,
    `  <subtitle type="text">${e(feed.description)}</subtitle>`,
    `  <updated>${latest(feed).toISOString()}</updated>`,
    `  <author><name>${e(feed.author)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${e(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${e(feed.pageUrl)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** The notice's text, then its link and its PDF as plain lines. */
function description(entry: FeedEntry): string {
  return [entry.text, entry.link ? `${entry.link.label}: ${entry.link.url}` : '', entry.document ? `${entry.document.label}: ${entry.document.url}` : '']
    .filter(Boolean)
    .join('\n\n');
}

// A feed with no entries still needs an `updated`: the epoch says "nothing yet" without inventing a date.
function latest(feed: Feed): Date {
  return feed.entries[0]?.published ?? new Date(0);
}
