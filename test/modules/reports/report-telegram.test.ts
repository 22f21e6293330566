/**
 * A report made on Telegram: updates shaped like the Bot API's (the fake's builders: a shared location,
 * a photo in four sizes, a video with its thumbnail) go through grammY polling, the real adapter and the
 * `/segnala` dialog; the photo and the video are downloaded from the fake with getFile.
 */
import t from 'tap';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { TelegramAdapter } from '../../../adapters/telegram/index.js';
import { MediaFile, type TurnDone } from '../../../core/internal.js';
import { baseModule } from '../../../modules/base/index.js';
import { Report, ReportDraft } from '../../../modules/reports/index.js';
import { buildApp } from '../../helpers/campanile.js';
import { jpeg, mp4 } from '../../helpers/report-inbound.js';
import { reportsModule } from '../../../modules/reports/index.js';
import { callbackQueryUpdate, createFakeTelegram, locationUpdate, photoUpdate, textUpdate, videoUpdate, type UpdateInput } from '../../fakes/telegram/index.js';
import { waitTurns } from '../../adapters/telegram/telegram-app.js';

const TOKEN = '123456:TEST-token';

t.test('Telegram: location + photo + video updates make a report through /segnala', async (t) => {
  const fake = await createFakeTelegram({ token: TOKEN, limits: false });
  const telegram = new TelegramAdapter({ tenant: 'esempio', token: TOKEN, apiRoot: fake.apiRoot });
  const { app } = await buildApp(t, { modules: [baseModule, reportsModule], adapters: [{ adapter: telegram, tenant: 'esempio' }] });
  t.teardown(() => fake.close()); // after buildApp's teardown: the app stops before the fake closes
  const turns: TurnDone[] = [];
  app.engine.events.on('turn:done', (done) => turns.push(done));
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);

  /** Pushes one update, waits for its turn, and returns the texts the bot sent for it. */
  const step = async (update: UpdateInput): Promise<string> => {
    const before = fake.sentMessages.length;
    fake.pushUpdate(update);
    await waitTurns(app, turns, turns.length + 1);
    return fake.sentMessages.slice(before).map((m) => m.text ?? '').join('\n');
  };
  const buttons = () => ((fake.sentMessages.at(-1)?.replyMarkup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat() ?? [])
    .flatMap((b) => ('callback_data' in b ? [{ text: b.text, data: b.callback_data }] : []));
  const press = (label: RegExp) => {
    const button = buttons().find((b) => label.test(b.text));
    if (!button) throw new Error(`no button ${label} in ${JSON.stringify(buttons())}`);
    return step(callbackQueryUpdate(button.data, { message: fake.sentMessages.at(-1)!.message }));
  };

  t.match(await step(textUpdate('/segnala')), /Nuova segnalazione/, 'the dialog starts with the category');
  t.match(await press(/Strade e marciapiedi/), /Descrivi il problema/, 'a category button, pressed');
  t.match(await step(textUpdate('Buca profonda davanti al civico 12')), /Dove si trova/);
  t.match(await step(locationUpdate(45.0703, 7.6869)), /foto o un video/, 'the shared location');

  // The bytes behind the largest photo size and the video, served by getFile + the file URL as Telegram does.
  const photo = photoUpdate({ bytes: 2048 });
  const largest = photo.message!.photo!.at(-1)!;
  fake.files.add({ kind: 'photo', fileId: largest.file_id, fileUniqueId: largest.file_unique_id, data: Buffer.from(jpeg(1)) });
  t.match(await step(photo), /Ricevuto \(1 di 5\)/, 'the photo is kept');
  const video = videoUpdate({ bytes: 4096, duration: 6 });
  const clip = video.message!.video!;
  fake.files.add({ kind: 'video', fileId: clip.file_id, fileUniqueId: clip.file_unique_id, data: Buffer.from(mp4(1)), mimeType: 'video/mp4' });
  t.match(await step(video), /Ricevuto \(2 di 5\)/, 'the video is kept');

  t.match(await press(/^Fatto$/), /Riepilogo[\s\S]*Strade e marciapiedi[\s\S]*45\.07030, 7\.68690[\s\S]*Foto e video: 2/, 'done with the files: the summary');
  t.equal(await em().count(Report, {}), 0, 'nothing stored before the confirmation');
  t.match(await press(/^Invia$/), /S-\d{4}-00001/, 'confirmed: the public code is said');

  const report = await em().findOneOrFail(Report, {});
  t.match(report, { category: 'strade', description: 'Buca profonda davanti al civico 12', latitude: 45.0703, longitude: 7.6869, status: 'new', source: 'chat', channel: 'telegram' });
  t.same(report.media.map((m) => [m.kind, m.mimeType]), [['photo', 'image/jpeg'], ['video', 'video/mp4']], 'the photo and the video on the report');
  t.equal(await em().count(MediaFile, { hash: { $in: report.media.map((m) => m.id) } }, { filters: false }), 2, 'both files in the media library');
  t.equal(await em().count(ReportDraft, {}), 0, 'the draft is gone');
  t.same(fake.unansweredCallbackQueries(), [], 'every button press was answered');
});
