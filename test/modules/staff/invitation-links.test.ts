import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import t from 'tap';
import { WebchatAdapter } from '../../../adapters/webchat/index.js';
import { WhatsAppAdapter } from '../../../adapters/whatsapp/index.js';
import { buildStaffApp } from '../../helpers/staff-app.js';

type Link = { channel: string; url: string; handle?: string; qr: string };
type Invitation = { startPayload: string; code: string; links: Link[] };

// jsqr is CommonJS with `exports.default`: under NodeNext the default import is the module object.
const jsQR = jsqr.default;

/** The text a PNG data URL's QR code holds, read back with jsQR. */
function decodeQr(dataUrl: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

t.test("an invitation carries each channel's join link with the payload or the code, and a QR code of it", async (t) => {
  const webchat = new WebchatAdapter({ secret: 'x'.repeat(40), mediaDir: mkdtempSync(join(tmpdir(), 'campanile-inv-')) });
  const whatsapp = new WhatsAppAdapter({ token: 't', phoneNumberId: '106540352242922', appSecret: 's', verifyToken: 'v', displayNumber: '+39 333 123 4567' });
  const { admin } = await buildStaffApp(t, { adapters: [{ adapter: webchat }, { adapter: whatsapp }] });
  const member = (await admin('staff', 'POST', '/members', { body: { name: 'Mario Rossi' } })).body as { id: number };
  const invitation = (await admin('staff', 'POST', '/members/:id/invitations', { params: { id: member.id }, body: {} })).body as Invitation;
  const byChannel = new Map(invitation.links.map((l) => [l.channel, l]));
  t.match(byChannel.get('webchat')?.url, new RegExp(`/chat/[a-z0-9-]+\\?start=${invitation.startPayload}$`), 'the web chat opens with the /start payload');
  t.equal(byChannel.get('whatsapp')?.url, `https://wa.me/393331234567?text=${invitation.code}`, 'WhatsApp is prefilled with the code');
  t.equal(byChannel.get('whatsapp')?.handle, '+393331234567');
  for (const link of invitation.links) {
    t.match(link.qr, /^data:image\/png;base64,/);
    t.equal(decodeQr(link.qr), link.url, `the ${link.channel} QR code decodes to its link`);
  }
});
