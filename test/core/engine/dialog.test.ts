import t from 'tap';
import { ConversationState, plain, type FeatureModule } from '../../../core/internal.js';
import { baseModule } from '../../../modules/base/index.js';
import { buildApp, textOf } from '../../helpers/campanile.js';

interface Survey { name?: string; answers: number }

/** A two-step dialog entered through its handle; its steps move it along with typed data. */
const surveyModule: FeatureModule = {
  name: 'survey',
  setup(api) {
    const survey = api.dialog<Survey>({
      id: 'survey.ask',
      steps: {
        name: async (ctx, next) => {
          if (ctx.message.kind !== 'text') return next();
          ctx.dialog.goTo('age', { name: ctx.message.text, answers: (ctx.dialog.active?.data.answers ?? 0) + 1 });
          ctx.reply({ text: plain('Quanti anni hai?') });
        },
        age: async (ctx, next) => {
          if (ctx.message.kind !== 'text') return next();
          const data = ctx.dialog.active?.data;
          ctx.dialog.end();
          ctx.reply({ text: plain(`${data?.name}, ${ctx.message.text} anni, ${(data?.answers ?? 0) + 1} risposte`) });
        },
      },
    });
    api.command('sondaggio', (ctx) => {
      survey.enter(ctx, 'name', { answers: 0 });
      ctx.reply({ text: plain('Come ti chiami?') });
    });
    // A button the steps pass on (a command would leave the dialog first).
    api.button('survey:stato', (ctx) => {
      ctx.reply({ text: plain(survey.active(ctx)?.step ?? 'nessuno') });
    });
    t.throws(() => survey.enter(undefined as never, 'nope', { answers: 0 }), /has no step "nope": use one of name, age/, 'an unknown step is refused');
  },
};

t.test('a dialog: entered through its handle, typed data across turns, persisted as { id, step, data }', async (t) => {
  const { app, memory, tenant } = await buildApp(t, { modules: [baseModule, surveyModule] });
  const chat = '77';
  t.match(textOf(await memory.say(tenant, chat, '/sondaggio')), /Come ti chiami/);
  t.match(textOf(await memory.say(tenant, chat, 'Lucia')), /Quanti anni/);
  const state = await app.services.tenants.scopedEm(app.defaultTenant.id).findOneOrFail(ConversationState, {});
  t.same(state.data.dialog, { id: 'survey.ask', step: 'age', data: { answers: 1, name: 'Lucia' } }, 'the persisted form');
  t.match(textOf(await memory.press(tenant, chat, 'survey:stato')), /^age$/, 'the handle reads the active dialog');
  t.match(textOf(await memory.say(tenant, chat, '/sondaggio')), /Come ti chiami/, 'a command (re)enters');
  await memory.say(tenant, chat, 'Anna');
  t.match(textOf(await memory.say(tenant, chat, '42')), /Anna, 42 anni, 2 risposte/, 'the steps saw the typed data');
  t.match(textOf(await memory.press(tenant, chat, 'survey:stato')), /^nessuno$/, 'ended');
});
