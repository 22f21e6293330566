// Type tests: compiled by `npm run typecheck`; the runtime part only proves the file loads.
import { Type } from '@sinclair/typebox';
import t from 'tap';
import type { AdapterRuntime, AdapterStopReason, AdminRoute, ChannelAdapter, DeliveryResult, FeatureModule, ModuleApi, ModuleServices, OutboundMessage, TurnContext } from '../../core/internal.js';
import { defineAdminRoute, delivery, plain, StringEnum } from '../../core/internal.js';

interface QaFlavor { qa: { answer(text: string): string } }

export const flavoredModule: FeatureModule = {
  name: 'typed',
  setup(api: ModuleApi<TurnContext>) {
    const qa = api.flavor<QaFlavor>(() => ({ qa: { answer: (text) => text } }));
    qa.onFreeText((ctx) => {
      const answer: string = ctx.qa.answer(ctx.message.text); // the flavor and the narrowed message are typed
      ctx.reply({ text: plain(answer) });
    });
    api.onFreeText((ctx) => {
      // @ts-expect-error a handler registered without the flavor cannot see it
      ctx.qa.answer('x');
    });
    api.button('typed:go', (ctx) => {
      const payload: string = ctx.message.payload;
      void payload;
      // @ts-expect-error a button message has no text
      void ctx.message.text;
    });
  },
};

export const adapter: ChannelAdapter = {
  channel: 'typed',
  account: 'default',
  capabilities: {
    maxTextLength: 100, maxCaptionLength: 0, maxChoiceButtons: 0, maxButtonLabel: 20, list: null, linkButtons: false,
    locationRequest: false, edit: false, delete: false, media: {}, inboundMedia: {}, canInitiate: false, replyWindowHours: null,
    rateLimits: { perAccount: { count: 1, perMs: 1000 }, perChat: { count: 1, perMs: 1000 } },
  },
  async send(_ref, message: OutboundMessage): Promise<DeliveryResult> {
    // @ts-expect-error outcomes are a closed set
    if (message.text === undefined) return { status: 'lost' };
    return delivery.delivered('1');
  },
};

// Backwards compatible: an adapter written before stop reasons (stop without parameters) still fits.
export const older: ChannelAdapter = { ...adapter, async stop() {} };
// One that undoes its channel-side registration only when detached, and uses the runtime's leases.
export const careful: ChannelAdapter = {
  ...adapter,
  async start(runtime: AdapterRuntime) {
    const lease = await runtime.leases.acquire('polling:1', 30_000);
    const renewed: boolean | undefined = await lease?.renew();
    void renewed;
    // @ts-expect-error a TTL is a number of ms
    await runtime.leases.acquire('polling:1', '30s');
  },
  async stop(reason: AdapterStopReason = 'shutdown') {
    if (reason === 'detach') return;
  },
};
// @ts-expect-error stop reasons are a closed set
void careful.stop?.('restart');

export const retainingModule: FeatureModule = {
  name: 'retaining',
  setup(api) {
    api.onRetention(async ({ tenant, locationBefore, batchSize }) => {
      const cutoff: Date = locationBefore;
      void cutoff;
      return { positions: tenant.id > 0 ? batchSize : 0 };
    });
    // @ts-expect-error a step reports counts, not text
    api.onRetention(async () => 'deleted');
  },
};

// Admin routes: the handler sees the Static<> types of its schemas, without a cast.
const NoteParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const NoteQuery = Type.Object({ format: Type.Optional(StringEnum(['json', 'csv'])) });
const NoteBody = Type.Object({ text: Type.String(), pinned: Type.Optional(Type.Boolean()) });
const Note = Type.Object({ id: Type.Integer(), text: Type.String() });
export const noteRoute = defineAdminRoute({
  method: 'PUT', path: '/notes/:id', summary: 'Replace a note', permission: 'typed.write',
  schema: { params: NoteParams, querystring: NoteQuery, body: NoteBody, response: { 200: Note } },
  handler: async (req) => {
    const id: number = req.params.id;
    const format: 'json' | 'csv' | undefined = req.query.format;
    const text: string = req.body.text;
    const pinned: boolean | undefined = req.body.pinned;
    // @ts-expect-error a field the body schema does not declare
    void req.body.colour;
    // @ts-expect-error params are typed by their schema: id is a number
    const wrong: string = req.params.id;
    // @ts-expect-error the query's enum is a closed set
    const csv: 'xml' = req.query.format;
    void [format, pinned, wrong, csv];
    return { status: 200, body: { id, text } };
  },
});
// Typed routes are erased to `AdminRoute` where they are stored (an array of different schemas).
export const routeList: AdminRoute[] = [noteRoute, defineAdminRoute({ method: 'GET', path: '/ping', summary: 'Ping', permission: 'typed.read', schema: { response: { 200: Type.Null() } }, handler: async (req) => {
  // @ts-expect-error without a body schema the body is unknown
  void req.body.text;
  return { status: 200 };
} })];

interface ReportDraft { lat?: number; photos: string[] }

export const dialogModule: FeatureModule = {
  name: 'typed',
  setup(api) {
    const route = api.adminRoute({
      method: 'POST', path: '/notes', summary: 'Add a note', permission: 'typed.write',
      schema: { body: NoteBody, response: { 201: Note } },
      handler: async (req) => ({ status: 201, body: { id: 1, text: req.body.text } }),
    });
    void route;
    const report = api.dialog<ReportDraft>({
      id: 'typed.report',
      steps: {
        location: async (ctx, next) => {
          if (ctx.message.kind !== 'location') return next();
          const photos: readonly string[] | undefined = ctx.dialog.active?.data.photos;
          void photos;
          ctx.dialog.goTo('photos', { lat: ctx.message.latitude });
          // @ts-expect-error dialog data is typed: lat is a number
          ctx.dialog.goTo('photos', { lat: 'nord' });
          // @ts-expect-error a field the dialog's data does not have
          ctx.dialog.goTo('photos', { colour: 'red' });
          // @ts-expect-error entering needs all of the data (photos is required)
          ctx.dialog.enter('typed.report', 'location', { lat: 1 });
          // @ts-expect-error the persisted data is read-only
          ctx.dialog.active!.data.photos = [];
        },
        photos: async (ctx) => {
          // @ts-expect-error reading a field the dialog's data does not have
          void ctx.dialog.active?.data.colour;
          ctx.dialog.end();
        },
      },
    });
    api.command('segnala', (ctx) => {
      report.enter(ctx, 'location', { photos: [] });
      // @ts-expect-error the handle checks the data against the dialog's type
      report.enter(ctx, 'location', { photos: 'none' });
      // @ts-expect-error outside its steps a dialog is entered through its handle, not ctx.dialog
      ctx.dialog.enter('typed.report', 'location', { photos: [] });
      const lat: number | undefined = report.active(ctx)?.data.lat;
      void lat;
    });
    // Module services are the narrow set: no database handle, outbox worker or retention job.
    const services: ModuleServices = api.services;
    void services.tenants.scopedEm(1);
    // @ts-expect-error modules never get the database handle
    void api.services.db;
    // @ts-expect-error nor the retention job (they register steps with api.onRetention)
    void api.services.retention;
    // @ts-expect-error tenants: lookup and scoped em only
    void api.services.tenants.ensure;
  },
};

// Every part of the runtime is always there: adapters never branch on it.
export const runtimeIsWhole: undefined extends AdapterRuntime['onRetention'] | AdapterRuntime['storage'] | AdapterRuntime['leases'] | AdapterRuntime['signals'] | AdapterRuntime['media'] ? false : true = true;

// @ts-expect-error an adapter must declare its capabilities
export const incomplete: ChannelAdapter = { channel: 'x', account: 'y', send: async () => delivery.permanent('no') };

t.test('contract type tests compile', async (t) => {
  t.equal(flavoredModule.name, 'typed');
  t.equal(routeList.length, 2);
  t.same(await adapter.send({ tenant: 'a', channel: 'typed', account: 'default', chatId: '1' }, { text: plain('x') }), { status: 'delivered', messageId: '1' });
});
