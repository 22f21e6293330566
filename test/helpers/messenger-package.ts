import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Test } from 'tap';
import type {
  ChannelAdapter, ChannelFactory, ChannelTexts, ConversationRef, DeliveryResult, HttpReceipt, HttpRequest, InboundEvent, OutboundMessage,
} from '../../core/index.js';
import type { ConformanceHarness, ConformanceTap } from '../../core/testing/index.js';
import { buildAndPack, buildTypes, campanileLink, installDeployment, repoRoot } from './packed-deployment.js';

// The package is compiled and tested the way an external one is: against campanile's emitted
// declarations, packed, installed. The root tsconfig does not see its sources, so what the tests use of
// the compiled JavaScript is typed here, by hand, from the package's own declarations.

export interface FakeSend { readonly recipient: string; readonly messagingType: string; readonly tag?: string; readonly message: Record<string, unknown>; readonly messageId: string }
export interface FakeRefusal { readonly code: number; readonly subcode?: number; readonly status?: number; readonly message?: string }
export interface FakeMessenger {
  readonly apiRoot: string;
  readonly sent: FakeSend[];
  readonly uploads: { type: string; mimeType: string; size: number; id: string }[];
  refuseNext(recipient: string, refusal: FakeRefusal): void;
  addInboundMedia(bytes: Uint8Array, mimeType: string, fileName: string): string;
  close(): Promise<void>;
}
export interface MessengerAdapterLike extends ChannelAdapter {
  readonly pageId: string;
  receive(request: HttpRequest): HttpReceipt;
  verifyHandshake(request: HttpRequest): HttpReceipt;
  send(ref: ConversationRef, message: OutboundMessage, signal?: AbortSignal, context?: { lastInboundAt?: Date | null; texts?: ChannelTexts }): Promise<DeliveryResult>;
}
export interface MessengerPackage {
  readonly default: ChannelFactory;
  readonly MessengerAdapter: new (options: Record<string, unknown>) => MessengerAdapterLike;
  fromMessenger(payload: unknown, context: { tenant: string; account: string; pageId: string; fetchUrl: (url: string) => Promise<{ bytes: Uint8Array; mimeType?: string }> }): InboundEvent[];
  toMessenger(message: OutboundMessage, texts?: ChannelTexts): { kind: 'message' | 'attachment'; message?: Record<string, unknown>; attachment?: unknown }[];
  messengerLink(page: string, payload?: string): string;
  permittedTag(message: OutboundMessage): string | undefined;
  signBody(raw: Uint8Array | string, secret: string): string;
  verifySignature(raw: Uint8Array, header: string | undefined, secret: string): boolean;
  readonly GET_STARTED_PAYLOAD: string;
}
export interface MessengerConformance {
  runMessengerConformance(t: ConformanceTap, options?: Pick<ConformanceHarness, 'app'>): Promise<void>;
  startFakeMessenger(options: { pageId: string; pageAccessToken: string; pageName?: string }): Promise<FakeMessenger>;
  pageWebhook(pageId: string, messaging: readonly unknown[]): unknown;
  readonly FAKE_REFUSALS: Record<'rate-limited' | 'recipient-gone' | 'window-closed' | 'permanent' | 'transient', FakeRefusal>;
}

/** Built once per test file: the deployment directory, the tarball, and the installed package's two entries. */
export async function installedMessenger(t: Test): Promise<{ dir: string; tarball: string; deployment: string; campanile: string; pkg: MessengerPackage; conformance: MessengerConformance }> {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-messenger-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  await buildTypes();
  const campanile = campanileLink(dir);
  const tarball = await buildAndPack(join(repoRoot, 'adapters/messenger'), dir, campanile);
  const deployment = await installDeployment(dir, campanile, [tarball]);
  const root = join(deployment, 'node_modules/@campanile/adapter-messenger/dist');
  const pkg = (await import(pathToFileURL(join(root, 'index.js')).href)) as MessengerPackage;
  const conformance = (await import(pathToFileURL(join(root, 'conformance.js')).href)) as MessengerConformance;
  return { dir, tarball, deployment, campanile, pkg, conformance };
}
