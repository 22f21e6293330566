import { interpolate } from './formatted-text.js';
import type { TemplateRef } from './outbound.js';

/**
 * Which pre-approved channel template carries a message to a person outside the channel's reply
 * window (WhatsApp: 24 h). Plain data, stored per tenant in `Tenant.settings.templates[<channel>]`,
 * read by whoever sends outside a turn (the notification engine, the messenger) and turned into
 * `OutboundMessage.template` with `templateFor`. The adapter decides at send time whether the window
 * is open (free-form) or closed (the template); with no template the result is 'window-closed'.
 *
 * Variables are strings with `{name}` placeholders filled from the values the sender knows
 * (`comune`, `category`, `title`, `text`, `link`, …), so a comune can reorder them to match the
 * template it got approved without code changes.
 *
 * @example
 * // Tenant.settings = { templates: { whatsapp: {
 * //   categories: { 'protezione-civile': { name: 'avviso_protezione_civile', language: 'it', variables: ['{title}'] } },
 * //   fallback: { name: 'nuovo_avviso', language: 'it', variables: ['{comune}', '{category}', '{title}'] },
 * //   replyWaiting: { name: 'risposta_in_attesa', language: 'it', variables: ['{comune}'] } } } }
 * const template = templateFor(tenantSettings, 'whatsapp', { kind: 'notice', category: 'eventi' }, { comune, category, title });
 */
export interface TemplateSpec {
  readonly name: string;
  /** Template language code as approved, e.g. 'it' or 'en_US'. */
  readonly language: string;
  /** Body variables in order ({{1}}, {{2}}, …), each a string with `{name}` placeholders. */
  readonly variables: readonly string[];
}

/** One channel's templates of one tenant. */
export interface ChannelTemplates {
  /** Category key → template for notices of that category. */
  readonly categories?: Readonly<Record<string, TemplateSpec>>;
  /** Notices of a category without its own template. */
  readonly fallback?: TemplateSpec;
  /** The generic "a reply is waiting for you" (an operator's answer, a report's outcome). */
  readonly replyWaiting?: TemplateSpec;
}

/** What the template is for. */
export type TemplatePurpose = { readonly kind: 'notice'; readonly category: string } | { readonly kind: 'reply-waiting' };

/**
 * The `TemplateRef` for a purpose, with variables filled, or undefined when the tenant mapped none.
 * `settings` is the tenant's settings object (`Tenant.settings`); malformed entries count as absent.
 */
export function templateFor(
  settings: unknown,
  channel: string,
  purpose: TemplatePurpose,
  values: Readonly<Record<string, string | number>>,
): TemplateRef | undefined {
  const templates = channelTemplates(settings, channel);
  if (!templates) return undefined;
  const spec = purpose.kind === 'reply-waiting' ? templates.replyWaiting : (templates.categories?.[purpose.category] ?? templates.fallback);
  if (!isSpec(spec)) return undefined;
  return { name: spec.name, language: spec.language, variables: spec.variables.map((v) => interpolate(v, values)) };
}

/** The tenant's templates for one channel, or undefined. */
export function channelTemplates(settings: unknown, channel: string): ChannelTemplates | undefined {
  if (!settings || typeof settings !== 'object') return undefined;
  const all = (settings as { templates?: unknown }).templates;
  if (!all || typeof all !== 'object') return undefined;
  const mine = (all as Record<string, unknown>)[channel];
  return mine && typeof mine === 'object' ? (mine as ChannelTemplates) : undefined;
}

function isSpec(value: unknown): value is TemplateSpec {
  if (!value || typeof value !== 'object') return false;
  const spec = value as Partial<TemplateSpec>;
  return typeof spec.name === 'string' && spec.name.length > 0 && typeof spec.language === 'string' && Array.isArray(spec.variables) && spec.variables.every((v) => typeof v === 'string');
}
