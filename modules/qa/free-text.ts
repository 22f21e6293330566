/**
 * Q&A in the conversation: free text that no command, button or dialog claimed is classified with the
 * tenant's current model. A confident match is answered (image if any, text, link button); anything else gets a
 * polite "non lo so" with the menu, and the question goes to the operators' inbox.
 */
import { plain, type ModuleApi, type TurnContext, type With } from '../../core/internal.js';
import { QaEntry } from './entities/index.js';
import type { QaClassification } from './nlp/index.js';
import { answerImage } from './service/answer-image.js';
import { logUnanswered } from './service/inbox-service.js';
import type { QaModels } from './service/model-cache.js';

/**
 * Register the free-text handler.
 *
 * @example
 * registerFreeText(api, new QaModels()); // "quando apre l'anagrafe?" → the anagrafe entry's answer
 */
export function registerFreeText(api: ModuleApi<TurnContext>, models: QaModels): void {
  api.onFreeText(async (ctx) => {
    const text = ctx.message.text;
    const model = await models.current(ctx.em, ctx.tenant.id);
    const result: QaClassification = model ? await model.classifier.classify(text) : { entryId: null, decision: 'fallback', confidence: 0, candidates: [], asked: text };
    // An entry deleted or disabled since the last training must not answer: fall back instead.
    const entry = result.entryId ? await ctx.em.findOne(QaEntry, { id: Number(result.entryId), enabled: true }) : null;
    ctx.log.debug({ module: 'qa', entryId: result.entryId, confidence: result.confidence, version: model?.version }, 'qa classified');
    if (entry) {
      // The image first, then the answer with its link: every channel renders that pair the same way,
      // whatever its caption limit.
      const image = await answerImage(api.services.media, ctx.tenant.id, entry.imageMediaId ?? null);
      if (image) ctx.reply({ attachment: { kind: 'image', media: image } });
      // English where the person speaks it (their locale is always one the comune enables) and the
      // entry has it; Italian otherwise.
      const answer = (ctx.locale === 'en' ? entry.translations?.en?.answer : undefined) ?? entry.answer;
      ctx.reply({
        text: plain(answer),
        ...(entry.linkUrl ? { links: [{ label: ctx.t('qa.answer_link'), url: entry.linkUrl }] } : {}),
      });
      return;
    }
    await fallback(ctx, result);
  });
}

async function fallback(ctx: With<TurnContext, 'text'>, result: QaClassification): Promise<void> {
  await logUnanswered(ctx.em, {
    tenantId: ctx.tenant.id,
    person: ctx.person,
    channel: ctx.message.ref.channel,
    text: ctx.message.text,
    candidates: result.candidates,
  });
  ctx.reply({ text: ctx.text('qa.fallback', { comune: ctx.tenant.name }), choices: await ctx.menuChoices() });
}
