import QRCode from 'qrcode';
import type { ModuleServices } from '../../../core/internal.js';
import type { CreatedInvitation } from './invitation-service.js';

/** A channel's link for one invitation, with its QR code for a phone to scan off the manager's screen. */
export interface InvitationLink {
  channel: string;
  account: string;
  url: string;
  handle?: string;
  /** PNG data URL (the admin UI's CSP allows `data:` images). */
  qr: string;
}

/**
 * The invitation's deep links from each channel adapter's `joinLink`: the `/start` payload where the
 * channel carries one (Telegram, web chat), the code as the prefilled text elsewhere (WhatsApp).
 *
 * @example
 * const links = await invitationLinks(api.services.joinLinks, 'esempio', created);
 */
export async function invitationLinks(joinLinks: ModuleServices['joinLinks'], tenant: string, invitation: Pick<CreatedInvitation, 'startPayload' | 'code'>): Promise<InvitationLink[]> {
  const links = joinLinks(tenant, { payload: invitation.startPayload, text: invitation.code });
  // Error correction M, as the join page's codes: scans from a screen or a printout.
  return Promise.all(links.map(async (link) => ({ ...link, qr: await QRCode.toDataURL(link.url, { errorCorrectionLevel: 'M', margin: 4, width: 256 }) })));
}
