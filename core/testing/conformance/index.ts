// The conformance kit (`campanile/testing`): re-exports only.
export { runAdapterConformance } from './run-adapter-conformance.js';
export type { AssertionMessage, ConformanceTap, ConformanceTestOptions } from './conformance-tap.js';
export type {
  ConformanceAppOptions, ConformanceCheck, ConformanceFake, ConformanceHarness, FailureKind, ReceivedMessage,
} from './conformance-harness.js';
export { conformanceApp } from './conformance-app.js';
export { postWebhook, type WebhookPost } from './post-webhook.js';
export { echoModule, type EchoModule } from './echo-module.js';
