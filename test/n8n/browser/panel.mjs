// A user in n8n's editor: opens each example and its Batiweb node, then the node's three
// operations (as a user adding the node maps each field by hand), the option lists, and the
// credential's test with the sandbox account and with a wrong password. Screenshots for the README.
import path from 'node:path';

import { show } from './chromium.mjs';

const BATIWEB = 'n8n-nodes-batiweb.batiwebLead';
const OPERATIONS = [
  { name: 'Check Sellable', operation: 'checkSellable', fields: ['Zipcode', 'Worktype'], shot: 'node-check-sellable.png' },
  { name: 'Import Lead', operation: 'import', fields: ['Email', 'City', 'Zipcode', 'Owner Status', 'First Name', 'Last Name', 'Civility', 'Work Description', 'Worktype'], shot: 'node-import.png' },
  { name: 'Get Status', operation: 'getStatus', fields: ['Token'], shot: 'node-get-status.png' },
];

// What a French user types in the option lists, and what must come up (issue 19).
const SEARCHES = [
  { field: 'worktype', label: 'Worktype', all: 121, type: 'peint', what: 'Peinture', finds: ['Peinture (Painting) · 69'], shot: 'node-worktype-search.png' },
  { field: 'worktype', label: 'Worktype', all: 121, type: 'pompe à chaleur', what: 'the heat pumps', finds: ['Entretien Pompe à Chaleur (Heat pump servicing) · 207', 'Pompe à chaleur air-eau (Air-to-water heat pump) · 111', 'Pompe à chaleur pour piscine (Pool heat pump) · 223'], shot: 'node-worktype-search-fr.png' },
  { field: 'worktype', label: 'Worktype', all: 121, type: 'toiture', what: 'the roof works', finds: ['Décrassage / Démoussage de toiture (Roof cleaning and moss removal) · 212', 'Étanchéité de Toiture (Roof waterproofing) · 26'] },
  { field: 'worktype', label: 'Worktype', all: 121, type: 'paint', what: 'Peinture by its English name', finds: ['Peinture (Painting) · 69'] },
  { field: 'worktype', label: 'Worktype', all: 121, type: '69', what: 'Peinture by its code', finds: ['Peinture (Painting) · 69'] },
  { field: 'isowner', label: 'Owner Status', all: 4, type: 'locataire', what: 'Locataire', finds: ['Locataire (Tenant) · 2'], shot: 'node-owner-search.png' },
];

async function openNode(page, name) {
  await page.getByTestId('canvas-node').filter({ hasText: name }).first().dblclick();
  await page.getByTestId('ndv').waitFor();
  await page.getByTestId('parameter-input-operation').waitFor();
}

/** The options an n8n select offers (its dropdown opened by a click), then closed again. */
async function optionsOf(page, testId, search) {
  const select = page.getByTestId(testId);
  await select.scrollIntoViewIfNeeded();
  await select.click();
  const items = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
  await items.first().waitFor();
  const all = await items.count();
  const names = (await items.allInnerTexts()).map((t) => t.split('\n')[0]);
  let found = null;
  if (search) {
    await page.keyboard.type(search);
    await page.waitForTimeout(500);
    found = (await page.locator('.el-select-dropdown:visible .el-select-dropdown__item:visible').allInnerTexts()).map((t) => t.split('\n')[0]);
  }
  const close = async () => {
    await page.keyboard.press('Escape');
    await page.locator('.el-select-dropdown:visible').first().waitFor({ state: 'hidden' });
  };
  return { all, names, found, close };
}

export async function editorChecks({ page: first, n8nUrl, session, ids, examples, check, shotsDir }) {
  const context = first.context();
  const shot = async (page, name) => await page.screenshot({ path: path.join(shotsDir, name) });

  // Each example opens, shows all its nodes, and its Batiweb node opens on its operation.
  for (const [file, wf] of Object.entries(examples)) {
    const page = await context.newPage();
    try {
      await page.goto(`${n8nUrl}/workflow/${wf.id}`);
      const nodes = wf.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
      await page.getByTestId('canvas-node').nth(nodes.length - 1).waitFor();
      check(`${file} opens in the editor with its ${nodes.length} nodes`, (await page.getByTestId('canvas-node').count()) === nodes.length);
      const batiweb = wf.nodes.find((n) => n.type.startsWith(BATIWEB));
      if (batiweb) {
        await openNode(page, batiweb.name);
        const issues = await page.getByTestId('node-credentials-slot').getByTestId('parameter-issues').count();
        check(`${file}: "${batiweb.name}" opens, its credential chosen`, issues === 0);
        if (file === 'form-trigger-to-batiweb.json') await shot(page, 'node-import-map-automatically.png');
      }
    } catch (error) {
      check(`${file} opens in the editor`, false, error.message.split('\n')[0]);
    } finally {
      await page.close();
    }
  }

  // The three operations, each field mapped by hand (a scratch workflow made through the REST API).
  const node = (op, x) => ({
    id: `panel-${op.operation}`, name: op.name, type: BATIWEB, typeVersion: 2, position: [x, 0],
    parameters: { operation: op.operation, lead: { mappingMode: 'defineBelow', value: {}, matchingColumns: [], schema: [] }, options: {} },
    credentials: { batiwebApi: { id: 'batiweb-sandbox', name: 'Batiweb sandbox' } },
  });
  const scratch = await session.api('POST', '/workflows', {
    name: 'Batiweb Lead: the three operations', nodes: OPERATIONS.map((op, i) => node(op, i * 300)), connections: {}, settings: { executionOrder: 'v1' },
  });
  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`${n8nUrl}/workflow/${scratch.id}`);
  for (const op of OPERATIONS) {
    try {
      await openNode(page, op.name);
      const labels = await page.getByTestId('mapping-fields-container').innerText();
      const missing = op.fields.filter((f) => !labels.split('\n').includes(f));
      check(`${op.name}: the panel shows its fields (${op.fields.join(', ')})`, missing.length === 0, `missing ${show(missing)} in ${show(labels)}`);
      await shot(page, op.shot);
      if (op.operation === 'import') {
        const panel = await page.getByTestId('ndv').innerText();
        check('Import Lead: the notice under the fields says one of Cellphone and Landline is needed, and what Work Description is', panel.includes('Give at least one of Cellphone and Landline') && panel.includes('libellé du métier'), show(panel.slice(0, 600)));
        const owner = await optionsOf(page, 'parameter-input-isowner');
        await owner.close();
        const civility = await optionsOf(page, 'parameter-input-civility');
        await civility.close();
        check('Import Lead: Owner Status offers 4 values, Civility 2', owner.all === 4 && civility.all === 2, show([owner.all, civility.all]));
        for (const search of SEARCHES) {
          const list = await optionsOf(page, `parameter-input-${search.field}`, search.type);
          if (search.shot) await shot(page, search.shot);
          await list.close();
          // n8n's dropdown keeps the options whose name holds the typed text, whatever the case.
          const expected = list.names.filter((name) => name.toLowerCase().includes(search.type.toLowerCase()));
          const missing = search.finds.filter((name) => !list.found.includes(name));
          check(
            `Import Lead: typing "${search.type}" in ${search.label} (${list.all} values) finds ${search.what}`,
            list.all === search.all && missing.length === 0 && show(list.found) === show(expected),
            `missing ${show(missing)}; found ${show(list.found)}; names holding it ${show(expected)}`,
          );
        }
        await credentialChecks(page, check, shot);
      }
      if (await page.getByTestId('ndv').isVisible()) await page.getByTestId('ndv-close-button').click();
    } catch (error) {
      check(`${op.name}: the panel opens and shows its fields`, false, error.message.split('\n')[0]);
      await page.keyboard.press('Escape').catch(() => {});
    }
  }
  await page.close();
}

/** The credential's test (n8n's Retry button) with the sandbox account, then a wrong password. */
async function credentialChecks(page, check, shot) {
  const modal = page.getByTestId('editCredential-modal');
  await page.getByTestId('credential-edit-button').click();
  await modal.waitFor();
  await modal.getByRole('button', { name: 'Retry' }).click();
  await modal.getByText('Connection tested successfully').waitFor();
  check('the credential\'s test succeeds with the sandbox account', true);
  await shot(page, 'credential.png');

  const password = page.getByTestId('parameter-input-password').locator('input');
  await password.fill('wrong-password');
  await page.getByTestId('credential-save-button').click();
  await modal.getByText('Couldn’t connect with these settings').waitFor();
  await modal.getByText('More details').click();
  const text = await modal.innerText();
  check('with a wrong password, the test shows Batiweb\'s own message', text.includes('Authentication Failed'), show(text.slice(0, 400)));
  await shot(page, 'credential-wrong-password.png');

  await password.fill('demo-password');
  await page.getByTestId('credential-save-button').click();
  await modal.getByText('Connection tested successfully').waitFor();
  const closeButton = page.getByTestId('credential-edit-dialog').locator('.el-dialog__headerbtn');
  if (await closeButton.count()) await closeButton.first().click();
  else await page.keyboard.press('Escape');
  await modal.waitFor({ state: 'hidden' });
}
