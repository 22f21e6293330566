import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineChannel } from '../../core/index.js';
import { webchatMigrations } from './migrations/index.js';
import { webchatSecret } from './session-token.js';
import { WebchatAdapter } from './webchat-adapter.js';
import { WebchatMessage } from './webchat-message.js';

/**
 * The web chat: always configured (it is what `npm start` shows first and needs no token), serving every
 * comune at `/chat/<tenant>`. Its secret comes from `WEBCHAT_SECRET` or is generated once under DATA_DIR;
 * uploads go under `<MEDIA_DIR>/webchat`. It has no stored accounts.
 *
 * @example
 * const { adapter } = webchatChannel.fromEnv(process.env, context)!;
 * adapter.channel; // 'webchat'
 */
export const webchatChannel = defineChannel({
  channel: 'webchat',
  title: 'Web chat',
  accountSchema: Type.Object({}),
  entities: [WebchatMessage],
  migrations: webchatMigrations,
  fromEnv: (env, context) => ({ adapter: new WebchatAdapter({ secret: webchatSecret(env, context.dataDir), mediaDir: join(context.mediaDir, 'webchat') }) }),
  identityKey: () => undefined,
});
