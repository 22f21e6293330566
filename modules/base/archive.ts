import { Notice, joinText, markup, plain, truncateLabel, type ModuleApi, type TurnContext } from '../../core/internal.js';
import { subscribedCategoryIds } from './subscriptions.js';

/** How many notices the archive lists. */
export const ARCHIVE_SIZE = 8;

/**
 * The archive: the latest sent notices of the person's categories, each opened with a button.
 *
 * @example
 * registerArchive(api); // "/archivio" → list → "base:notice:12" → the notice
 */
export function registerArchive(api: ModuleApi<TurnContext>): void {
  api.command(['archivio', 'archive'], (ctx) => showArchive(ctx), { descriptionKey: 'base.cmd.archive' });
  api.menu({ id: 'base.archive', labelKey: 'base.menu.archive', payload: 'base:archive', order: 20 });
  api.button('base:archive', (ctx) => showArchive(ctx));
  api.button('base:notice', async (ctx) => {
    const id = Number(ctx.message.payload.split(':')[2]);
    const notice = Number.isInteger(id) ? await ctx.em.findOne(Notice, { id, status: 'sent' }) : null;
    if (!notice) return showArchive(ctx, 'base.notice_not_found');
    ctx.reply({
      text: joinText([[{ text: notice.title, bold: true }], plain(notice.text)]),
      ...(notice.linkUrl ? { links: [{ label: ctx.t('base.notice_link'), url: notice.linkUrl }] } : {}),
    });
  });
}

async function showArchive(ctx: TurnContext, introKey?: string): Promise<void> {
  const chosen = await subscribedCategoryIds(ctx);
  const intro = introKey ? ctx.text(introKey) : [];
  if (chosen.size === 0) {
    ctx.reply({ text: joinText([intro, ctx.text('base.archive_no_categories')]), choices: await ctx.menuChoices() });
    return;
  }
  const notices = await ctx.em.find(
    Notice,
    { status: 'sent', category: { $in: [...chosen] } },
    { orderBy: { sentAt: 'desc', id: 'desc' }, limit: ARCHIVE_SIZE },
  );
  if (notices.length === 0) {
    ctx.reply({ text: joinText([intro, ctx.text('base.archive_empty')]), choices: await ctx.menuChoices() });
    return;
  }
  const dateFormat = new Intl.DateTimeFormat(ctx.locale === 'en' ? 'en-GB' : 'it-IT', { day: '2-digit', month: '2-digit', timeZone: ctx.tenant.timezone });
  ctx.reply({
    text: joinText([intro, markup(ctx.t('base.archive_title'))]),
    choices: notices.map((notice) => ({
      label: truncateLabel(`${notice.sentAt ? `${dateFormat.format(notice.sentAt)} · ` : ''}${notice.title}`, 60),
      payload: `base:notice:${notice.id}`,
    })),
  });
}
