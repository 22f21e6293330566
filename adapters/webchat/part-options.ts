import type { AdapterRuntime, ConversationRef } from '../../core/index.js';
import type { LivePush } from './live-push.js';
import type { WebchatLimits } from './protocol.js';
import type { SessionTokens } from './session-token.js';

/** What every part of the web chat (its HTTP routes, its socket handler) gets from the adapter. */
export interface WebchatPartOptions {
  /** The adapter's runtime: undefined before `start` and after `stop`. */
  readonly runtime: () => AdapterRuntime | undefined;
  readonly limits: WebchatLimits;
  readonly tokens: SessionTokens;
  readonly live: LivePush;
  readonly ref: (tenant: string, session: string) => ConversationRef;
}
