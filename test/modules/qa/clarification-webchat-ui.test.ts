/**
 * The clarification on the real web chat page in Chromium: a middle-confidence question gets
 * "Forse intendevi…" with the entries as buttons; clicking one answers with that entry and makes the
 * wording a suggested phrasing.
 */
import t from 'tap';
import { baseModule } from '../../../modules/base/index.js';
import { createQaModule } from '../../../modules/qa/index.js';
import { trainModel } from '../../../modules/qa/nlp/index.js';
import type { QaTrainingEntry } from '../../../modules/qa/nlp/index.js';
import { hasChromium, launchBrowser, NO_CHROMIUM } from '../../helpers/browser.js';
import { startWebchat } from '../../helpers/webchat.js';

const LIBRARY = [
  { key: 'orari-anagrafe', question: "Quali sono gli orari dell'anagrafe?", answer: "L'anagrafe è aperta dalle 9 alle 12.", phrasings: ['orari anagrafe', "quando apre l'anagrafe", 'anagrafe aperta il sabato', "a che ora chiude l'anagrafe"] },
  { key: 'tari', question: 'Come si paga la TARI?', answer: 'La TARI si paga con PagoPA.', phrasings: ['pagare la tari', 'scadenza tari', 'bollettino tassa rifiuti', 'tari rate'] },
  { key: 'biblioteca', question: 'Quali sono gli orari della biblioteca?', answer: 'La biblioteca è aperta dalle 15 alle 19.', phrasings: ['orari biblioteca', 'prestito libri', 'biblioteca aperta oggi', 'iscrizione biblioteca'] },
  { key: 'mensa', question: 'Come si paga la mensa scolastica?', answer: 'La mensa si paga dal portale dei servizi scolastici.', phrasings: ['pagare la mensa', 'buoni pasto mensa', 'ricarica mensa', 'mensa scolastica costo'] },
];

/** Fixed wide bands: the page flow is under test, not the calibration (as in clarification.test.ts). */
const wideBands = async (entries: readonly QaTrainingEntry[]) => ({
  ...(await trainModel(entries, { calibrate: false })),
  calibration: { method: 'default' as const, answer: 0.9, clarify: 0.05, folds: 0, inScopeSamples: 0, oosSamples: 0, expected: null },
});

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test('"Forse intendevi…" buttons in the web chat; clicking one answers with that entry', async (t) => {
    const qaModule = createQaModule({ train: wideBands });
    const server = await startWebchat(t, {}, { modules: [baseModule, qaModule] });
    const tenant = server.app.defaultTenant;
    const routes = server.app.modules.adminRoutes.filter((r) => r.module === 'qa').map((r) => r.route);
    const admin = async (method: string, path: string, body?: unknown) => {
      const route = routes.find((r) => r.method === method && r.path === path);
      if (!route) throw new Error(`no qa route ${method} ${path}`);
      return route.handler({
        tenant, user: { id: 1, email: 'operatore@example.org', role: 'operator' }, params: {}, query: {}, body,
        em: server.app.services.tenants.scopedEm(tenant.id),
      });
    };
    for (const entry of LIBRARY) t.equal((await admin('POST', '/entries', entry)).status, 201);
    t.equal((await admin('POST', '/train')).status, 202);
    await qaModule.runtime.trainer.whenIdle(tenant.id);

    const context = await launchBrowser(t);
    const page = await context.newPage();
    await page.goto(`${server.base}/chat/${server.tenant}`);
    await page.getByRole('status').filter({ hasText: 'Connesso' }).waitFor();
    const say = async (text: string) => {
      await page.getByLabel('Scrivi un messaggio').fill(text);
      await page.getByRole('button', { name: 'Invia', exact: true }).click();
    };
    await say('/start');
    await page.locator('.msg').nth(1).waitFor();
    await say('Buongiorno, volevo sapere una cosa sugli orari, grazie');
    await page.locator('#messages').getByText(/Forse intendevi/).waitFor();
    const asked = page.locator('.msg').last();
    t.ok(await asked.getByRole('button', { name: 'Nessuna di queste' }).isVisible(), '"Nessuna di queste" is a button');
    await asked.getByRole('button', { name: /orari dell'anagrafe/ }).click();
    const answer = page.locator('#messages').getByText(/anagrafe è aperta dalle 9/);
    await answer.waitFor();
    t.ok(await answer.isVisible(), 'clicking the anagrafe option answered with the anagrafe entry');
    const suggestions = (await admin('GET', '/suggestions')).body as { total: number; items: { phrasing: string; entry: { key: string } | null }[] };
    t.match(suggestions, { total: 1, items: [{ phrasing: 'una cosa sugli orari', entry: { key: 'orari-anagrafe' } }] }, 'the choice became a suggested phrasing');
  });
}
