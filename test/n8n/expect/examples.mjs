// The example workflows of examples/manual/, as docs/examples.md describes them.
import { assert, errors, items, show, success } from '../assert.mjs';

export default {
  // Four posted forms: one sold, one not bought, one posted twice, one with a bad postcode.
  'form-to-batiweb.json': [
    ['one lead imported with a token; three refused, each for its own reason', (r) => {
      const sent = success(r, 'Import to Batiweb');
      const refused = errors(r, 'Import to Batiweb');
      assert(sent.length === 1 && /^[0-9a-f]{128}$/.test(sent[0].token), `Success: ${show(sent)}`);
      const kinds = refused.map((it) => it.kind).sort();
      assert(
        JSON.stringify(kinds) === JSON.stringify(['invalid-input', 'not-sellable', 'skipped-duplicate']),
        `Error kinds: ${show(kinds)}`,
      );
      const notSellable = refused.find((it) => it.kind === 'not-sellable');
      assert(notSellable.code === 4 && notSellable.stage === 'checkSellable', `not-sellable: ${show(notSellable)}`);
      const invalid = refused.find((it) => it.kind === 'invalid-input');
      assert(invalid.field === 'zipcode' && invalid.attempts === 0, `invalid-input: ${show(invalid)}`);
    }],
    ['every refusal reaches "Log refusal" with the form\'s email (pairing back to the trigger)', (r) => {
      const logged = items(r, 'Log refusal', 0);
      assert(logged.length === 3, `Log refusal has ${logged.length} items: ${show(logged)}`);
      assert(logged.every((it) => typeof it.email === 'string' && it.email.includes('@')), show(logged));
    }],
  ],
  // Two rows of a sheet with French headers, Map Automatically.
  'french-sheet-to-batiweb.json': [
    ['both rows with French headers imported with a token, none on Error', (r) => {
      const sent = success(r, 'Import to Batiweb');
      assert(sent.length === 2 && sent.every((it) => /^[0-9a-f]{128}$/.test(it.token)), `Success: ${show(sent)}`);
      assert(errors(r, 'Import to Batiweb').length === 0, `Error: ${show(errors(r, 'Import to Batiweb'))}`);
    }],
  ],
  // Imports two sample leads, then asks their status.
  'status-polling.json': [
    ['Get Status answers both leads (new leads: status 0, not final) and reports no error', (r) => {
      const statuses = success(r, 'Get Status');
      assert(statuses.length === 2, `Success: ${show(statuses)}`);
      assert(errors(r, 'Get Status').length === 0, `Error: ${show(errors(r, 'Get Status'))}`);
      assert(statuses.every((it) => it.status === 0 && it.final === false), show(statuses));
    }],
  ],
};
