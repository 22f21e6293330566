import type { ChannelCapabilities } from '../../core/index.js';
import { MAX_BUTTON_LABEL, MAX_DOWNLOAD_BYTES } from './mapping.js';

/**
 * Telegram's limits as capabilities: 4096-character texts, 1024-character captions, photos ≤ 10 MB and
 * documents ≤ 50 MB outbound, downloads ≤ 20 MB inbound; ~30 messages/s per bot (configurable), 1/s per
 * chat, 20/min per group. The outbox paces broadcasts from `rateLimits`; the adapter adds no limiter.
 *
 * @example
 * telegramCapabilities(30).rateLimits.perAccount; // { count: 30, perMs: 1000 }
 */
export function telegramCapabilities(ratePerSecond = 30): ChannelCapabilities {
  const inbound = { maxBytes: MAX_DOWNLOAD_BYTES, mimeTypes: [] as string[] };
  return {
    maxTextLength: 4096,
    maxCaptionLength: 1024,
    maxChoiceButtons: 50,
    maxButtonLabel: MAX_BUTTON_LABEL,
    list: null,
    linkButtons: true,
    locationRequest: true,
    edit: true,
    delete: true,
    media: {
      image: { maxBytes: 10 * 1024 * 1024, mimeTypes: ['image/jpeg', 'image/png', 'image/webp'] },
      document: { maxBytes: 50 * 1024 * 1024, mimeTypes: [] },
    },
    inboundMedia: { photo: inbound, video: inbound, audio: inbound, document: inbound },
    canInitiate: false,
    replyWindowHours: null,
    rateLimits: {
      perAccount: { count: ratePerSecond, perMs: 1000 },
      perChat: { count: 1, perMs: 1000 },
      perGroup: { count: 20, perMs: 60_000 },
    },
  };
}
