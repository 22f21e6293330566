/**
 * The pure mapping of the WhatsApp channel, re-exported from its two halves: `fromWhatsApp` (a verified
 * webhook body → normalized events, `mapping-inbound.ts`) and `toWhatsApp` (a normalized message →
 * Cloud API bodies, `mapping-outbound.ts`).
 *
 * @example
 * const events = fromWhatsApp(JSON.parse(body), { tenant: 'esempio', account: 'default', phoneNumberId, fetchMedia });
 * const parts = toWhatsApp({ text: plain('Ciao') });
 */
export * from './mapping-inbound.js';
export * from './mapping-outbound.js';
