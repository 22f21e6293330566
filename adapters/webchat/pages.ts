import { readFileSync } from 'node:fs';
import type { HttpReceipt, TenantInfo } from '../../core/index.js';

type HttpResponse = HttpReceipt['response'];

const PUBLIC = new URL('./public/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, PUBLIC), 'utf8');

/** The interface texts, per language: `public/texts.json`. */
export type UiTexts = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * The browser side of the web chat: the standalone page, its script and style, the embeddable launcher
 * and the interface texts. Files are read once at start: there is no build step.
 *
 * @example
 * const pages = new WebchatPages();
 * pages.page(tenant, 'it', { embed: false }); // HttpResponse with the HTML
 */
export class WebchatPages {
  readonly texts: UiTexts = JSON.parse(read('texts.json')) as UiTexts;
  private readonly template = read('chat.html');
  private readonly assets: Readonly<Record<string, { body: string; type: string }>> = {
    'chat.js': { body: read('chat.js'), type: 'text/javascript; charset=utf-8' },
    'chat.css': { body: read('chat.css'), type: 'text/css; charset=utf-8' },
    'webchat.js': { body: read('webchat.js'), type: 'text/javascript; charset=utf-8' },
    'texts.json': { body: JSON.stringify(this.texts), type: 'application/json; charset=utf-8' },
  };

  /** The interface language: `?lang=`, else the browser's preference, among the tenant's locales that have texts. */
  language(tenant: TenantInfo, requested: string | undefined, acceptLanguage: string | undefined): string {
    const available = tenant.locales.filter((l) => this.texts[l]);
    const fallback = available[0] ?? 'it';
    if (requested && available.includes(requested)) return requested;
    for (const part of (acceptLanguage ?? '').split(',')) {
      const lang = part.split(';')[0]?.trim().slice(0, 2).toLowerCase();
      if (lang && available.includes(lang)) return lang;
    }
    return fallback;
  }

  /** The chat page of a tenant. Every value is escaped; the texts travel as an inert JSON block. */
  page(tenant: TenantInfo, lang: string, options: { embed: boolean }): HttpResponse {
    const texts = this.texts[lang] ?? this.texts.it ?? {};
    const languages = tenant.locales.filter((l) => this.texts[l]);
    const json = JSON.stringify({ tenant: tenant.slug, name: tenant.name, lang, languages, embed: options.embed, texts }).replace(/</g, '\\u003c');
    const html = this.template
      .replaceAll('{{lang}}', escapeHtml(lang))
      .replaceAll('{{title}}', escapeHtml(`${texts.title ?? 'Chat'} · ${tenant.name}`))
      .replaceAll('{{name}}', escapeHtml(tenant.name))
      .replaceAll('{{embedClass}}', options.embed ? 'embed' : 'standalone')
      .replace(/\{\{t\.([\w.-]+)\}\}/g, (_whole, key: string) => escapeHtml(texts[key] ?? key))
      .replace('{{config}}', json);
    return {
      status: 200,
      body: html,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        // Only our own script and style run; the page may be framed by the comune's site (the launcher).
        'content-security-policy':
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
          "connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; object-src 'none'",
      },
    };
  }

  /** A static asset by name, or a 404. */
  asset(name: string): HttpResponse {
    const asset = this.assets[name];
    if (!asset) return notFound('No such web chat asset.');
    return {
      status: 200,
      body: asset.body,
      headers: {
        'content-type': asset.type,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        // The launcher runs on the comune's own site and reads the texts from there.
        'access-control-allow-origin': '*',
      },
    };
  }
}

export function notFound(message: string): HttpResponse {
  return { status: 404, body: message, headers: { 'content-type': 'text/plain; charset=utf-8' } };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
