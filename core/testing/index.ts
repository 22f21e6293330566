// `campanile/testing`: what an adapter or module author's tests need.
export { testRuntime, TEST_TENANT, type TestRuntime, type TestRuntimeOptions, type LoggedLine, type KeptMedia } from './test-runtime.js';
