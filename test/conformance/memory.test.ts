import t from 'tap';
import { memoryChannel } from '../../adapters/memory/index.js';
import { runAdapterConformance } from '../../core/testing/index.js';
import { buildApp } from '../helpers/campanile.js';
import { memoryHarness } from '../helpers/memory-harness.js';

const memory = memoryHarness();
await runAdapterConformance(t, memoryChannel, {
  ...memory,
  // buildApp's own memory adapter is this one: one memory channel, on the current test database.
  app: async (_t, options) => (await buildApp(t, { modules: options.modules, memory: memory.adapter() })).app,
});
