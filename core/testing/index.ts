// `campanile/testing`: what an adapter or module author's tests need.
export { testRuntime, TEST_TENANT, type TestRuntime, type TestRuntimeOptions, type LoggedLine, type KeptMedia } from './test-runtime.js';
export {
  runAdapterConformance, conformanceApp, echoModule, postWebhook, type WebhookPost,
  type AssertionMessage, type ConformanceTap, type ConformanceTestOptions, type ConformanceAppOptions, type ConformanceCheck, type ConformanceFake,
  type ConformanceHarness, type FailureKind, type ReceivedMessage, type EchoModule,
} from './conformance/index.js';
