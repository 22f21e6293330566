/**
 * Q&A in the conversation: free text that no command, button or dialog claimed is classified with the
 * tenant's current model, in three bands (see `calibration.ts`): a confident match is answered (image
 * if any, text, link button); a middle one gets "Forse intendevi…" with up to 3 entries as buttons
 * and "Nessuna di queste"; anything else the polite "non lo so" with the menu. Every question not
 * answered outright goes to the operators' inbox (a clarification as `uncertain`, with the choice).
 */
import { plain, type ChoiceButton, type ModuleApi, type TurnContext, type With } from '../../core/internal.js';
import { QaEntry } from './entities/index.js';
import type { QaClassification } from './nlp/index.js';
import { answerImage } from './service/answer-image.js';
import { recordChoice, recordNone } from './service/clarification-service.js';
import { logUnanswered } from './service/inbox-service.js';
import type { QaModels } from './service/model-cache.js';

/** Button payloads: `qa:pick:<questionId>:<entryId>` and `qa:none:<questionId>`. */
const PICK = 'qa:pick';
const NONE = 'qa:none';
/** Entries offered in a clarification. */
const MAX_OPTIONS = 3;
/** Button labels are an entry's question: long ones are cut (channels cap button text). */
const LABEL_MAX = 60;

/**
 * Register the free-text handler and the clarification buttons.
 *
 * @example
 * registerFreeText(api, new QaModels()); // "quando apre l'anagrafe?" → the anagrafe entry's answer
 */
export function registerFreeText(api: ModuleApi<TurnContext>, models: QaModels): void {
  const offerFallback = async (ctx: TurnContext, reason: 'no-answer' | 'none-of-these', text: string): Promise<void> => {
    const key = reason === 'no-answer' ? 'qa.fallback' : 'qa.none_of_these';
    // What other modules offer first (a person to talk to, where handoff is on), then the menu.
    ctx.reply({ text: ctx.text(key, { comune: ctx.tenant.name }), choices: [...(await ctx.fallbackChoices()), ...(await ctx.menuChoices())] });
  };

  api.onFreeText(async (ctx) => {
    const text = ctx.message.text;
    const model = await models.current(ctx.em, ctx.tenant.id);
    const result: QaClassification = model ? await model.classifier.classify(text) : { entryId: null, decision: 'fallback', confidence: 0, candidates: [], asked: text };
    ctx.log.debug({ module: 'qa', decision: result.decision, entryId: result.entryId, confidence: result.confidence, version: model?.version }, 'qa classified');
    // An entry deleted or disabled since the last training must not answer: fall back instead.
    const entry = result.entryId ? await ctx.em.findOne(QaEntry, { id: Number(result.entryId), enabled: true }) : null;
    if (entry) return answer(api, ctx, entry);
    if (result.decision === 'clarify' && (await clarify(ctx, result))) return;
    await logUnanswered(ctx.em, {
      tenantId: ctx.tenant.id, person: ctx.person, channel: ctx.message.ref.channel, text, candidates: result.candidates, asked: result.asked,
    });
    await offerFallback(ctx, 'no-answer', text);
  });

  api.button(PICK, async (ctx) => {
    const [, , questionId, entryId] = ctx.message.payload.split(':');
    const picked = await recordChoice(ctx.em, Number(questionId), Number(entryId), ctx.person?.id ?? null);
    if ('entry' in picked) return answer(api, ctx, picked.entry);
    ctx.reply({ text: ctx.text('qa.choice_expired'), choices: await ctx.menuChoices() });
  });

  api.button(NONE, async (ctx) => {
    const questionId = Number(ctx.message.payload.split(':')[2]);
    const known = await recordNone(ctx.em, questionId, ctx.person?.id ?? null);
    if (!known) return void ctx.reply({ text: ctx.text('qa.choice_expired'), choices: await ctx.menuChoices() });
    await offerFallback(ctx, 'none-of-these', '');
  });
}

/** "Forse intendevi…" with the enabled candidates; false when none is left to offer. */
async function clarify(ctx: With<TurnContext, 'text'>, result: QaClassification): Promise<boolean> {
  const ids = result.candidates.slice(0, MAX_OPTIONS).map((c) => Number(c.entryId));
  const found = await ctx.em.find(QaEntry, { id: { $in: ids }, enabled: true });
  const options = ids.map((id) => found.find((e) => e.id === id)).filter((e): e is QaEntry => e !== undefined);
  if (options.length === 0) return false;
  const { question } = await logUnanswered(ctx.em, {
    tenantId: ctx.tenant.id, person: ctx.person, channel: ctx.message.ref.channel, text: ctx.message.text,
    candidates: result.candidates, asked: result.asked, outcome: 'uncertain',
  });
  // The buttons carry the logged question's id: flushed now (inside the turn's transaction).
  await ctx.em.flush();
  const label = (entry: QaEntry): string => {
    const text = (ctx.locale === 'en' ? entry.translations?.en?.question : undefined) || entry.question;
    return text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1).trimEnd()}…` : text;
  };
  ctx.reply({
    text: ctx.text('qa.clarify'),
    choices: [
      ...options.map((entry) => ({ label: label(entry), payload: `${PICK}:${question.id}:${entry.id}` })),
      { label: ctx.t('qa.none_of_these_button'), payload: `${NONE}:${question.id}` },
    ],
  });
  return true;
}

async function answer(api: ModuleApi<TurnContext>, ctx: TurnContext, entry: QaEntry): Promise<void> {
  // The image first, then the answer with its link: every channel renders that pair the same way,
  // whatever its caption limit.
  const image = await answerImage(api.services.media, ctx.tenant.id, entry.imageMediaId ?? null);
  if (image) ctx.reply({ attachment: { kind: 'image', media: image } });
  // English where the person speaks it (their locale is always one the comune enables) and the
  // entry has it; Italian otherwise.
  const text = (ctx.locale === 'en' ? entry.translations?.en?.answer : undefined) ?? entry.answer;
  ctx.reply({
    text: plain(text),
    ...(entry.linkUrl ? { links: [{ label: ctx.t('qa.answer_link'), url: entry.linkUrl }] } : {}),
  });
}
