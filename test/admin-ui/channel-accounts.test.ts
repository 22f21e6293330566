// The channels page in real Chromium with the two channels added on the adapter SDK: a mayor adds a
// Bot Framework account (fake token endpoint) and a Messenger page (the packed and installed package,
// its fake Graph API), checks each connection, sees a wrong token refused, and removes both. Axe clean.
import t from 'tap';
import { builtInChannels, defaultChannels } from '../../adapters/index.js';
import { signIn, startAdminUi } from '../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';
import { FakeBotConnector } from '../fakes/botframework/fake-bot-connector.js';
import { installedMessenger } from '../helpers/messenger-package.js';

const PAGE_ID = '100200300';

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test('add, check and remove a Bot Framework and a Messenger account from the channels page', async (t) => {
    const { pkg, conformance } = await installedMessenger(t);
    const connector = await FakeBotConnector.start(t, { appId: 'app-ui', appPassword: 'ui-password' });
    const graph = await conformance.startFakeMessenger({ pageId: PAGE_ID, pageAccessToken: 'page-token-ui', pageName: 'Comune di Esempio' });
    t.teardown(() => graph.close());
    const server = await startAdminUi(t, {
      channels: [...defaultChannels, builtInChannels.botframework!, pkg.default],
      channelAccountsEnv: { BOTFRAMEWORK_TOKEN_URL: connector.tokenUrl, BOTFRAMEWORK_OPENID_METADATA_URL: connector.openIdMetadataUrl, MESSENGER_API_ROOT: graph.apiRoot },
    });
    const mayor = await server.user('mayor');
    const page = await (await launchBrowser(t, { viewport: { width: 1280, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await signIn(page, server, mayor);
    await page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name: 'Canali', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Canali' }).waitFor();
    const status = page.getByRole('status').first();
    const addForm = page.locator('form', { has: page.getByRole('heading', { name: 'Aggiungi account' }) });

    const add = async (channel: string, name: string, fields: Record<string, string>) => {
      await addForm.getByLabel('Canale').selectOption({ label: channel });
      await addForm.getByLabel('Nome', { exact: true }).fill(name);
      for (const [label, value] of Object.entries(fields)) await addForm.getByLabel(label, { exact: true }).fill(value);
      await addForm.getByRole('button', { name: 'Aggiungi account' }).click();
      await status.filter({ hasText: 'Account salvato.' }).waitFor();
    };
    const section = (heading: string) => page.locator('section', { has: page.getByRole('heading', { level: 2, name: heading }) });
    const check = async (heading: string, expected: RegExp) => {
      await section(heading).getByRole('button', { name: `Verifica connessione: ${heading}` }).click();
      await status.filter({ hasText: expected }).waitFor();
      return status.innerText();
    };

    await add('Microsoft Bot Framework (Teams)', 'teams', { 'Microsoft App ID': 'app-ui', "Password (segreto client) dell'app": 'ui-password' });
    const teams = 'Microsoft Bot Framework (Teams) · teams';
    t.match(await section(teams).innerText(), /In funzione\s+Sì/, 'the Bot Framework account runs at once');
    t.match(await check(teams, /connessione riuscita/), /Microsoft App ID app-ui/, 'its check asked the token endpoint');
    t.equal(connector.issued.length, 1, 'one token issued for the check');

    await add('Facebook Messenger', 'pagina', {
      'ID della pagina Facebook': PAGE_ID, 'Token di accesso della pagina': 'page-token-ui', "Segreto dell'app": 'app-secret-ui', 'Token di verifica': 'verify-ui',
    });
    const messenger = 'Facebook Messenger · pagina';
    t.match(await section(messenger).innerText(), /In funzione\s+Sì/, 'the Messenger page runs at once');
    t.match(await check(messenger, /connessione riuscita/), /Comune di Esempio/, 'its check named the page');
    t.same(await axeViolations(page), [], 'channels page with both accounts: no serious or critical axe violations');

    // A wrong page token, changed in the account's own form: the check says the channel refused it.
    await section(messenger).getByText('Cambia impostazioni o chiavi').click();
    await section(messenger).getByLabel('Token di accesso della pagina').fill('expired-token');
    await section(messenger).getByRole('button', { name: 'Salva' }).click();
    await status.filter({ hasText: 'Account salvato.' }).waitFor();
    const refused = await check(messenger, /ha rifiutato le credenziali/);
    t.notMatch(refused, /expired-token/, 'the refusal never shows the token');

    for (const heading of [teams, messenger]) {
      await section(heading).getByRole('button', { name: 'Elimina' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Elimina' }).click();
      await status.filter({ hasText: 'Account eliminato.' }).waitFor();
      await section(heading).waitFor({ state: 'detached' });
    }
    await page.getByText('Nessun account configurato qui').waitFor();
    t.same(server.app.adapters.bindings().filter((b) => ['botframework', 'messenger'].includes(b.adapter.channel)), [], 'both adapters detached');
    t.same(errors, [], 'no script error on the page');
  });
}
