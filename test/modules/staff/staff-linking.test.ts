import t from 'tap';
import { textOf } from '../../helpers/campanile.js';
import { buildStaffApp } from '../../helpers/staff-app.js';
import { createInvitation } from '../../../modules/staff/service/invitation-service.js';
import { signInvitationToken, verifyInvitationToken } from '../../../modules/staff/service/invitation-token.js';

t.test('a signed token verifies only unchanged, with its secret and for its comune', async (t) => {
  const secret = Buffer.alloc(32, 7);
  const claims = { tenantId: 3, invitationId: 41, expiresAt: 1_900_000_000 };
  const token = signInvitationToken(secret, claims);
  t.match(token, /^[A-Za-z0-9_-]{32}$/);
  t.same(verifyInvitationToken(secret, 3, token), { invitationId: 41, expiresAt: 1_900_000_000 });
  t.equal(verifyInvitationToken(secret, 4, token), null, 'another comune: refused');
  t.equal(verifyInvitationToken(Buffer.alloc(32, 8), 3, token), null, 'another secret: refused');
  const forged = signInvitationToken(secret, { ...claims, expiresAt: claims.expiresAt + 3600 }).slice(0, 11) + token.slice(11);
  t.equal(verifyInvitationToken(secret, 3, forged), null, 'an expiry pushed later without the MAC: refused');
  t.equal(verifyInvitationToken(secret, 3, token.slice(0, 31)), null, 'truncated: refused');
  t.equal(verifyInvitationToken(secret, 3, `${token}A`), null, 'lengthened: refused');
});

type Invitation = { id: number; startPayload: string; code: string };
type Member = { id: number; linkedIdentities: number; onDuty: boolean };

t.test('an invitation links a chat once; expired, reused, revoked and foreign invitations are refused', async (t) => {
  const { app, memory, tenant, admin } = await buildStaffApp(t);
  const group = (await admin('staff', 'POST', '/groups', { body: { name: 'Squadra manutenzioni' } })).body as { id: number };
  const mario = (await admin('staff', 'POST', '/members', { body: { name: 'Mario Rossi', role: 'Operaio', phone: '+39 010 123', groupIds: [group.id] } })).body as Member;
  const invitation = (await admin('staff', 'POST', '/members/:id/invitations', { params: { id: mario.id }, body: {} })).body as Invitation;
  t.match(invitation.startPayload, /^inv_[A-Za-z0-9_-]{32}$/, 'a signed deep-link payload within Telegram limits');
  t.match(invitation.code, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/, 'a code to type on WhatsApp');

  // Before linking the chat is a citizen: the duty command and button are unknown to it.
  t.match(textOf(await memory.say(tenant, 'm1', '/servizio')), /non conosco il comando|\/servizio/i, 'a citizen typing a staff command gets the unknown-command answer');
  const citizenButton = await memory.press(tenant, 'm1', 'staff:duty');
  await memory.say(tenant, 'm9', '/start'); // a known citizen, as m1 is by now
  const ordinaryButton = await memory.press(tenant, 'm9', 'nessuno:payload');
  t.same(textOf(citizenButton), textOf(ordinaryButton), 'a citizen pressing a staff button gets exactly the ordinary unknown-button answer');
  t.notOk((await memory.say(tenant, 'm1', 'ciao')).at(-1)?.choices?.some((c) => c.payload === 'staff:duty'), 'no staff entry in a citizen menu');

  // A tampered token (one character of the MAC, or the id part) is refused and spends nothing.
  const flip = (payload: string, at: number) => payload.slice(0, at) + (payload[at] === 'A' ? 'B' : 'A') + payload.slice(at + 1);
  t.match(textOf(await memory.say(tenant, 'm8', `/start ${flip(invitation.startPayload, 30)}`)), /non è valido/, 'a tampered MAC is refused');
  t.match(textOf(await memory.say(tenant, 'm8', `/start ${flip(invitation.startPayload, 8)}`)), /non è valido/, 'a tampered id is refused');
  t.match((await admin('staff', 'GET', '/invitations', { query: {} })).body, { items: [{ id: invitation.id, status: 'pending' }] }, 'still pending after the tampered attempts');

  const linked = await memory.say(tenant, 'm1', `/start ${invitation.startPayload}`);
  t.match(textOf(linked), /Mario Rossi.*collegata al personale del Comune/s, 'the bot confirms who they are');
  t.match(textOf(linked), /Operaio.*Squadra manutenzioni/s, 'with role and groups');
  t.ok(linked.at(-1)?.choices?.some((c) => c.payload === 'staff:duty'), 'the staff menu appears');
  t.equal(((await admin('staff', 'GET', '/members/:id', { params: { id: mario.id } })).body as Member).linkedIdentities, 1);

  t.match(textOf(await memory.say(tenant, 'm2', `/start ${invitation.startPayload}`)), /già stato usato/, 'reused: refused');
  t.match(textOf(await memory.say(tenant, 'm2', invitation.code)), /già stato usato/, 'its code is spent too');

  const revoked = (await admin('staff', 'POST', '/members/:id/invitations', { params: { id: mario.id }, body: {} })).body as Invitation;
  t.match((await admin('staff', 'POST', '/invitations/:id/revoke', { params: { id: revoked.id } })).body, { status: 'revoked' });
  t.match(textOf(await memory.say(tenant, 'm3', `/start ${revoked.startPayload}`)), /revocato/, 'revoked: refused');

  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  const old = await createInvitation(em, app.defaultTenant.id, mario.id, 72, new Date(Date.now() - 73 * 3_600_000));
  t.match(textOf(await memory.say(tenant, 'm4', `/start ${old.startPayload}`)), /scaduto/, 'expired: refused');

  const other = await app.services.tenants.ensure({ slug: 'altro', name: 'Comune Altro', enabledModules: ['base', 'staff'] });
  const fresh = (await admin('staff', 'POST', '/members/:id/invitations', { params: { id: mario.id }, body: {} })).body as Invitation;
  t.match(textOf(await memory.say(other.slug, 'm5', `/start ${fresh.startPayload}`)), /non è valido per il Comune Altro/, 'another comune refuses it');
  t.match(textOf(await memory.say(tenant, 'm5', '/start inv_!!')), /non è valido/, 'a malformed payload is refused, not a crash');
  t.match(textOf(await memory.say(tenant, 'm6', 'ZZZZ-ZZZZ')), /non è valido/, 'an unknown code is refused');

  // The code links on a channel without deep links.
  const luigi = (await admin('staff', 'POST', '/members', { body: { name: 'Luigi Verdi', groupIds: [group.id] } })).body as Member;
  const byCode = (await admin('staff', 'POST', '/members/:id/invitations', { params: { id: luigi.id }, body: {} })).body as Invitation;
  t.match(textOf(await memory.say(tenant, 'w1', ` ${byCode.code.toLowerCase()} `)), /Luigi Verdi/, 'the code typed (any case) links');

  // On duty toggle, then deactivation and unlinking end access at once.
  t.match(textOf(await memory.press(tenant, 'm1', 'staff:duty')), /in servizio/);
  t.equal(((await admin('staff', 'GET', '/members/:id', { params: { id: mario.id } })).body as Member).onDuty, true, 'on duty is stored');
  await admin('staff', 'PUT', '/members/:id', { params: { id: mario.id }, body: { name: 'Mario Rossi', active: false } });
  t.same(textOf(await memory.press(tenant, 'm1', 'staff:duty')), textOf(ordinaryButton), 'a deactivated member is a citizen again');
  t.match((await admin('staff', 'POST', '/members/:id/unlink', { params: { id: luigi.id } })).body, { unlinked: 1 });
  t.same(textOf(await memory.press(tenant, 'w1', 'staff:duty')), textOf(ordinaryButton), 'an unlinked member is a citizen again');
});

t.test('erasing a staff member removes the record, links and invitations', async (t) => {
  const { memory, tenant, admin, squad } = await buildStaffApp(t);
  const { memberIds, chats } = await squad('Polizia locale', ['Anna Neri']);
  const id = memberIds[0] as number;
  await admin('staff', 'POST', '/members/:id/invitations', { params: { id }, body: {} });
  t.equal((await admin('staff', 'DELETE', '/members/:id', { params: { id } })).status, 204);
  t.equal((await admin('staff', 'GET', '/members/:id', { params: { id } })).status, 404, 'the record is gone');
  t.same((await admin('staff', 'GET', '/invitations', { query: {} })).body, { items: [] }, 'its invitations are gone');
  t.notOk((await memory.say(tenant, chats[0] as string, 'ciao')).at(-1)?.choices?.some((c) => c.payload === 'staff:duty'), 'the chat is no longer staff');
  t.equal((await admin('staff', 'DELETE', '/members/:id', { params: { id } })).status, 404, 'erasing twice: 404');
});
