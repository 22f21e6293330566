import type { ChannelFactory } from '../../channel/channel-factory.js';
import { conformanceApp, conformanceConfig } from './conformance-app.js';
import type { ConformanceHarness } from './conformance-harness.js';
import { ConformanceSession } from './conformance-session.js';
import type { ConformanceTap } from './conformance-tap.js';
import { echoModule } from './echo-module.js';
import { choiceChecks } from './checks/choice-checks.js';
import { deliveryResultChecks } from './checks/delivery-result-checks.js';
import { mediaChecks } from './checks/media-checks.js';
import { redeliveryCheck } from './checks/redelivery-check.js';
import { restartCheck } from './checks/restart-check.js';
import { textChecks } from './checks/text-checks.js';

/**
 * The conformance kit: runs every check of the channel contract on one adapter, against the harness's
 * fake channel and a real Campanile (engine, storage, outbox), deriving what to expect from the adapter's
 * declared `capabilities`. Checks the harness declares it cannot produce are skipped with the reason.
 *
 * @example
 * import t from 'tap';
 * import { runAdapterConformance } from 'campanile/testing';
 * await runAdapterConformance(t, echoChannel, echoHarness);
 */
export async function runAdapterConformance<Chat, Update>(
  tap: ConformanceTap, factory: ChannelFactory, harness: ConformanceHarness<Chat, Update>,
): Promise<void> {
  await tap.test(`${factory.channel} conformance`, {}, async (t) => {
    const config = conformanceConfig();
    const fake = await harness.setup(t, factory, { env: {}, defaultTenant: config.defaultTenant, dataDir: config.dataDir, mediaDir: config.mediaDir });
    const echo = echoModule();
    const options = { adapters: [fake.bound], modules: [echo.module], channels: [factory] };
    const app = await (harness.app ? harness.app(t, options) : conformanceApp(t, options));
    await fake.started?.(app);
    const session = new ConformanceSession(app, fake.bound.adapter, fake, echo, fake.bound.tenant);
    await textChecks(t, session);
    await choiceChecks(t, session);
    await mediaChecks(t, session);
    await deliveryResultChecks(t, session);
    await redeliveryCheck(t, session);
    // Last: it stops and restarts the adapter.
    await restartCheck(t, session);
  });
}
