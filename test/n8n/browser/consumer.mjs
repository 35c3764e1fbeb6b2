// A consumer in front of the published form (examples/form-trigger-to-batiweb.json): fills it in
// as a person does, submits, and reads the page n8n shows next. A site posting its own form to
// the Webhook variant (examples/form-to-batiweb.json) writes to the same data table.
import path from 'node:path';

import { freshContext, show } from './chromium.mjs';

const HELENE = {
  civility: 'Madame',
  firstname: 'Hélène',
  lastname: 'Lefèvre-Château',
  email: 'helene.lefevre@exemple.fr',
  cellphone: '+33 6 12 34 56 78',
  zipcode: '69003',
  city: 'Lyon',
  worktype: 'Peinture',
  isowner: 'Propriétaire',
  // The consumer's own words: the form sends them as comment; workdescription is the trade's label.
  comment: 'Repeindre le séjour et la cuisine, 35 m² environ, plafonds compris.\nDisponible le samedi.',
};
/** A worktype the sandbox is told not to buy anywhere (its rules, set through its control API). */
const REFUSED_WORKTYPE = { label: 'Architecte', code: '131' };

export const SUBMISSIONS = [
  { who: 'Hélène: accents, a +33 phone, Peinture from the drop-down', answers: HELENE, title: 'Merci Hélène !', message: /bien transmise/, shot: 'form-thanks.png' },
  { who: 'a postcode of 4 digits (6900)', answers: { ...HELENE, email: 'paul.martin@exemple.fr', firstname: 'Paul', zipcode: '6900' }, title: 'Demande non transmise', message: /code postal doit comporter 5 chiffres/, shot: 'form-refused-postcode.png' },
  { who: `a worktype Batiweb does not buy (${REFUSED_WORKTYPE.label})`, answers: { ...HELENE, email: 'chloe.roux@exemple.fr', firstname: 'Chloé', worktype: REFUSED_WORKTYPE.label }, title: 'Demande non transmise', message: /Aucun artisan de notre réseau/, shot: 'form-refused-worktype.png' },
  { who: 'Hélène again, the same request', answers: HELENE, title: 'Demande déjà reçue', message: /déjà envoyé cette demande/, shot: 'form-already-sent.png' },
];
export const WEBHOOK_LEAD = {
  email: 'marc.dupont@exemple.fr', firstname: 'Marc', lastname: 'Dupont', civility: 'M.', isowner: '1',
  landline: '01 44 55 66 77', city: 'Paris', zipcode: '75011', worktype: 'Rénovation plomberie complète ou partielle', comment: 'Refaire la salle de bains.', supplierleadid: 'SITE-42',
};
const INTERNALS = /Batiweb|code \d|zipcode|worktype|sellable|token|kind|invalid/i;

async function fill(page, a) {
  await page.getByLabel('Civilité').selectOption({ label: a.civility });
  await page.getByLabel('Prénom').fill(a.firstname);
  await page.getByLabel('Nom', { exact: true }).fill(a.lastname);
  await page.getByLabel('E-mail').fill(a.email);
  await page.getByLabel('Téléphone').fill(a.cellphone);
  await page.getByLabel('Code postal').fill(a.zipcode);
  await page.getByLabel('Ville').fill(a.city);
  await page.getByLabel('Type de travaux').selectOption({ label: a.worktype });
  await page.getByLabel(a.isowner, { exact: true }).check();
  await page.getByLabel('Description de votre projet').fill(a.comment);
}

export async function sandboxControl(sandboxUrl, method, route, body) {
  const res = await fetch(`${sandboxUrl}/_sandbox${route}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!res.ok) throw new Error(`sandbox ${method} ${route}: HTTP ${res.status} ${await res.text()}`);
  return await res.json();
}

/** Submits each form as a consumer; returns what each consumer saw. */
export async function consumerSubmissions({ n8nUrl, sandboxUrl, check, shotsDir }) {
  await sandboxControl(sandboxUrl, 'PUT', '/rules', { notSellableWorktypes: [REFUSED_WORKTYPE.code] });
  const formUrl = `${n8nUrl}/form/demande-de-devis`;
  const seen = [];
  for (const [index, s] of SUBMISSIONS.entries()) {
    const context = await freshContext({ viewport: { width: 720, height: 900 } });
    try {
      const page = await context.newPage();
      const res = await page.goto(formUrl);
      check(`form page answers at the production URL (${s.who})`, res?.status() === 200, `HTTP ${res?.status()}`);
      await fill(page, s.answers);
      if (index === 0) await page.screenshot({ path: path.join(shotsDir, 'form-page.png'), fullPage: true });
      await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
      await page.waitForURL(/\/form-waiting\//);
      await page.getByText(s.title).waitFor();
      const text = (await page.locator('body').innerText()).trim().replace(/\s*\n\s*/g, ' / ');
      seen.push({ who: s.who, saw: text });
      check(`${s.who}: the page says "${s.title}"`, text.includes(s.title), text);
      check(`${s.who}: the message is plain French`, s.message.test(text) && !INTERNALS.test(text), text);
      // The ending page's card only: the page below it is empty.
      const box = await page.getByText(s.message).boundingBox();
      await page.screenshot({ path: path.join(shotsDir, s.shot), clip: { x: 0, y: 0, width: 720, height: Math.ceil(box.y + box.height + 48) } });
    } catch (error) {
      seen.push({ who: s.who, saw: `(failed: ${error.message.split('\n')[0]})` });
      check(`${s.who}: submitted and read`, false, error.message.split('\n')[0]);
    } finally {
      await context.close();
    }
  }
  const res = await fetch(`${n8nUrl}/webhook/batiweb-lead`, { method: 'POST', body: new URLSearchParams(WEBHOOK_LEAD) });
  const answer = await res.json().catch(() => null);
  seen.push({ who: 'a site posting its own form to the Webhook variant', saw: show(answer) });
  check('the Webhook variant answers {ok: true, token}', res.status === 200 && answer?.ok === true && /^[0-9a-f]{128}$/.test(answer?.token ?? ''), show(answer));
  return seen;
}
