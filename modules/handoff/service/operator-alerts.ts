/**
 * Telegram alerts for operators: an operator links their own Telegram chat to their account (a
 * one-time deep link the admin UI shows, opened in Telegram: `/start hop_<token>`), turns alerts on,
 * and from then on a person starting to wait in their comune messages that chat while they are online
 * or away — through the messenger, the one outbound path (the bot account's budget, retries, restarts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import QRCode from 'qrcode';
import type { ChannelJoinLink, ChannelIdentity, ModuleServices, TenantInfo } from '../../../core/internal.js';
import { OperatorAlert, OperatorPresence } from '../entities/index.js';
import { HandoffError } from './handoff-error.js';

/** The start payload's prefix; the token after it is 22 base64url characters (Telegram allows 64). */
export const ALERT_LINK_PREFIX = 'hop_';
/** How long a link works: the operator opens it right away, from the page that showed it. */
export const ALERT_LINK_TTL_MS = 60 * 60 * 1000;
/** The only channel that can write first to an operator's own chat. */
const ALERT_CHANNEL = 'telegram';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** An operator's alert settings, as the API shows them. */
export interface AlertView {
  readonly linked: boolean;
  readonly channel: string | null;
  readonly telegram: boolean;
}

function view(row: OperatorAlert | null): AlertView {
  const identity = row?.identity ?? null;
  return { linked: identity !== null, channel: identity ? identity.channel : null, telegram: Boolean(row?.telegram && identity) };
}

async function rowOf(em: SqlEntityManager, userId: number): Promise<OperatorAlert | null> {
  return em.findOne(OperatorAlert, { userId }, { populate: ['identity'], refresh: true });
}

/** The operator's settings. */
export async function alertSettings(em: SqlEntityManager, userId: number): Promise<AlertView> {
  return view(await rowOf(em, userId));
}

/**
 * A new one-time link for the operator's Telegram (an earlier pending one stops working): the deep
 * links of the comune's Telegram bots carrying it.
 *
 * @example
 * const { links } = await createAlertLink(em, services, tenant, user.id, new Date());
 */
export async function createAlertLink(em: SqlEntityManager, services: Pick<ModuleServices, 'joinLinks'>, tenant: TenantInfo, userId: number, now: Date) {
  const token = randomBytes(16).toString('base64url');
  const links = services.joinLinks(tenant.slug, { payload: `${ALERT_LINK_PREFIX}${token}` }).filter((l: ChannelJoinLink) => l.channel === ALERT_CHANNEL);
  if (links.length === 0) throw new HandoffError(409, 'HANDOFF_NO_TELEGRAM', `${tenant.name} has no Telegram bot: add a Telegram channel account first, then link your chat.`);
  const expiresAt = new Date(now.getTime() + ALERT_LINK_TTL_MS);
  const row = await em.findOne(OperatorAlert, { userId });
  if (row) Object.assign(row, { linkTokenHash: hash(token), linkExpiresAt: expiresAt });
  else em.create(OperatorAlert, { tenant: tenant.id, userId, identity: null, linkTokenHash: hash(token), linkExpiresAt: expiresAt, telegram: false });
  await em.flush();
  // Each link also as a QR code (as the staff invitations): the operator scans it off the screen with the phone that has Telegram.
  const withQr = await Promise.all(links.map(async (l) => ({
    channel: l.channel, url: l.url, ...(l.handle ? { handle: l.handle } : {}), qr: await QRCode.toDataURL(l.url, { errorCorrectionLevel: 'M', margin: 4, width: 256 }),
  })));
  return { links: withQr, expiresAt: expiresAt.toISOString() };
}

/** What opening a link in a chat did. */
export type LinkOutcome = 'linked' | 'expired' | 'wrong-channel';

/** In the operator's chat: `/start hop_<token>` links that chat to the operator who asked for it. */
export async function acceptAlertLink(em: SqlEntityManager, identity: Pick<ChannelIdentity, 'id' | 'channel'>, token: string, now: Date): Promise<LinkOutcome> {
  if (identity.channel !== ALERT_CHANNEL) return 'wrong-channel';
  const row = await em.findOne(OperatorAlert, { linkTokenHash: hash(token) });
  if (!row || !row.linkExpiresAt || row.linkExpiresAt <= now) return 'expired';
  // One statement, guarded by the token: two chats opening the same link, only one links.
  const changed = await em.nativeUpdate(OperatorAlert, { id: row.id, linkTokenHash: hash(token) }, { identity: identity.id, linkTokenHash: null, linkExpiresAt: null, updatedAt: now });
  return changed === 1 ? 'linked' : 'expired';
}

/** Turns the operator's Telegram alerts on or off; on needs a linked chat (409 with how to link one). */
export async function setAlerts(em: SqlEntityManager, userId: number, input: { telegram: boolean }): Promise<AlertView> {
  const row = await rowOf(em, userId);
  if (input.telegram && !row?.identity) throw new HandoffError(409, 'HANDOFF_NOT_LINKED', 'No Telegram chat is linked to your account: create a link (POST …/handoff/alerts/link) and open it in Telegram first.');
  if (row) {
    row.telegram = input.telegram;
    await em.flush();
  }
  return view(row);
}

/** Forgets the operator's linked chat (and turns the alerts off). */
export async function unlinkAlerts(em: SqlEntityManager, userId: number): Promise<AlertView> {
  await em.nativeUpdate(OperatorAlert, { userId }, { identity: null, telegram: false, linkTokenHash: null, linkExpiresAt: null });
  return view(null);
}

/**
 * Who hears of a person starting to wait: the linked chats of the comune's operators who turned alerts
 * on and are online or away. Read in the person's turn, so what was set before it is what counts.
 */
export async function alertTargets(em: SqlEntityManager, now: Date): Promise<number[]> {
  const present = await em.find(OperatorPresence, { status: { $in: ['online', 'away'] }, expiresAt: { $gt: now } });
  if (present.length === 0) return [];
  const rows = await em.find(OperatorAlert, { telegram: true, identity: { $ne: null }, userId: { $in: present.map((p) => p.userId) } });
  return rows.flatMap((row) => (row.identity ? [row.identity.id] : []));
}

/**
 * Sends the alert to those chats (in the comune's language), through the messenger. Never throws: a
 * failed alert is logged, the person's request already stands. Resolves with how many were accepted.
 *
 * @example
 * void alertOperators(services, tenant, await alertTargets(em, now), waiting);
 */
export async function alertOperators(services: ModuleServices, tenant: TenantInfo, chats: readonly number[], waiting: number): Promise<number> {
  if (chats.length === 0) return 0;
  try {
    const text = services.translator.text(tenant.defaultLocale, 'handoff.alert_waiting', { comune: tenant.name, waiting }, tenant.texts);
    const results = await Promise.all(chats.map((identityId) => services.messenger.send(tenant, identityId, { text })));
    return results.filter((r) => r.status === 'delivered' || r.status === 'transient' || r.status === 'rate-limited').length;
  } catch (error) {
    services.log.error({ err: error, module: 'handoff', tenant: tenant.slug }, 'handoff operator alerts not sent');
    return 0;
  }
}
