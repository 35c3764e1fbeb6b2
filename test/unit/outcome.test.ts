/** From a reading to an outcome to an output item: kinds, messages, fields, redaction, shape. */
import { fieldOfMessage, interpretCall } from '../../nodes/BatiwebLead/interpret';
import { kindOfCode, OUTCOME_KINDS, type Outcome } from '../../nodes/BatiwebLead/outcome';
import { outputItem, type OutputContext } from '../../nodes/BatiwebLead/output';
import type { CallResult } from '../../nodes/BatiwebLead/transport/call';
import type { Reading } from '../../nodes/BatiwebLead/transport/reading';
import * as checkSellable from '../../nodes/BatiwebLead/actions/checkSellable.operation';
import * as getStatus from '../../nodes/BatiwebLead/actions/getStatus.operation';
import { isoDate, statusData } from '../../nodes/BatiwebLead/actions/getStatus.operation';
import * as importLead from '../../nodes/BatiwebLead/actions/import.operation';

const answer = (code: number, message = 'msg', extra: Record<string, unknown> = {}): Reading => ({
	type: 'answer',
	httpStatus: 200,
	code,
	message,
	body: { code, message, ...extra },
});
const call = (reading: Reading | null, earlier: Reading[] = [], cancelled = false): CallResult => ({
	reading,
	attempts: earlier.length + 1,
	earlier,
	cancelled,
});

describe('kindOfCode', () => {
	it.each([
		[0, 'success', false],
		[1, 'authentication', false],
		[2, 'invalid-field', false],
		[3, 'invalid-value', false],
		[4, 'not-sellable', false],
		[5, 'duplicate', false],
		[6, 'leaseholder-refused', false],
		[9, 'service-error', true],
		[7, 'unexpected-answer', true],
		[8, 'unexpected-answer', true],
	])('code %i is %s (retryable: %s)', (code, kind, retryable) => {
		expect(kindOfCode(code)).toBe(kind);
		expect(OUTCOME_KINDS[kindOfCode(code)].retryable).toBe(retryable);
	});
});

describe('fieldOfMessage', () => {
	it.each([
		['Missing argument(s) : zipcode', 'zipcode'],
		['Invalide data argument(s) : email', 'email'],
		['Missing argument(s) : email, city', 'email'],
		['Missing argument(s): token ', 'token'],
		['missing ARGUMENT(S) : worktype', 'worktype'],
	])('finds the field in %j', (message, field) => {
		expect(fieldOfMessage(message)).toBe(field);
	});

	it.each(['Invalid value', 'Authentication Failed', '', 'Missing argument(s) :'])('finds none in %j', (message) => {
		expect(fieldOfMessage(message)).toBeUndefined();
	});
});

describe('interpretCall', () => {
	it('code 0: success, with the data the operation reads', () => {
		const outcome = interpretCall(importLead.request, call(answer(0, 'Lead correctly imported', { id: 7, token: 't' })));
		expect(outcome).toMatchObject({ kind: 'success', code: 0, attempts: 1, data: { id: 7, token: 't' }, serviceMessage: 'Lead correctly imported' });
		expect(outcome.message).toBe('Batiweb accepted the request: "Lead correctly imported".');
	});

	it('code 2: the field from the service\'s message', () => {
		const outcome = interpretCall(checkSellable.request, call(answer(2, 'Invalide data argument(s) : zipcode')));
		expect(outcome).toMatchObject({ kind: 'invalid-field', code: 2, field: 'zipcode' });
		expect(outcome.message).toBe('Batiweb says an argument is missing or malformed: "Invalide data argument(s) : zipcode" (code 2).');
	});

	it.each([1, 3, 4, 5, 6, 9])('code %i: no field, the code and message in words', (code) => {
		const outcome = interpretCall(getStatus.request, call(answer(code, 'service says')));
		expect(outcome).toMatchObject({ kind: kindOfCode(code), code, serviceMessage: 'service says' });
		expect(outcome.field).toBeUndefined();
		expect(outcome.message).toMatch(/: "service says" \(code \d\)\.$/);
	});

	it('says how many attempts were made when more than one', () => {
		const outcome = interpretCall(checkSellable.request, call(answer(9, 'Internal error'), [answer(9), answer(9)]));
		expect(outcome.attempts).toBe(3);
		expect(outcome.message).toContain('after 3 attempts');
	});

	it('an import answered "duplicate" to its own retry is "duplicate-after-retry"', () => {
		const outcome = interpretCall(importLead.request, call(answer(5, 'Duplicate Lead'), [answer(9, 'Internal error')]));
		expect(outcome).toMatchObject({ kind: 'duplicate-after-retry', code: 5 });
		expect(outcome.message).toContain('code 9');
	});

	it('a check answered "duplicate" after a retry is an ordinary duplicate', () => {
		expect(interpretCall(checkSellable.request, call(answer(5), [answer(9)])).kind).toBe('duplicate');
	});

	it('an import whose answer was lost is "uncertain", never "transport"', () => {
		const lost: Reading = { type: 'http-error', httpStatus: 500, bodyStart: 'oops' };
		expect(interpretCall(importLead.request, call(lost))).toMatchObject({ kind: 'uncertain', httpStatus: 500, bodyStart: 'oops' });
		expect(interpretCall(checkSellable.request, call(lost))).toMatchObject({ kind: 'transport', httpStatus: 500 });
	});

	it('an import that certainly did not leave is "transport"', () => {
		const refused: Reading = { type: 'network', errorCode: 'ECONNREFUSED', sent: 'no', reason: 'the connection was refused' };
		expect(interpretCall(importLead.request, call(refused))).toMatchObject({ kind: 'transport', details: { errorCode: 'ECONNREFUSED' } });
	});

	it('an unreadable answer is "unexpected-answer" for reads', () => {
		const unreadable: Reading = { type: 'unreadable', httpStatus: 200, reason: 'the answer is empty', bodyStart: '' };
		expect(interpretCall(getStatus.request, call(unreadable))).toMatchObject({ kind: 'unexpected-answer', httpStatus: 200 });
	});

	it('a cancelled call is "cancelled"', () => {
		expect(interpretCall(checkSellable.request, { reading: null, attempts: 0, earlier: [], cancelled: true })).toMatchObject({ kind: 'cancelled', attempts: 0 });
	});
});

describe('outputItem', () => {
	const context: OutputContext = { operation: 'checkSellable', successOutcome: 'sellable', environment: 'PREP', simplify: false, redact: (text) => text.split('hunter2').join('***') };
	const refusal: Outcome = { kind: 'not-sellable', code: 4, message: 'no (hunter2)', serviceMessage: "This can't be sold", attempts: 1, answer: { code: 4, message: 'hunter2' } };

	it('shapes a refusal as the node\'s own error item, paired, with every fact and no password', () => {
		const item = outputItem(refusal, context, 3, { zipcode: '75001', worktype: '69' });
		expect(item.pairedItem).toEqual({ item: 3 });
		expect(item.json).toEqual({
			success: false,
			operation: 'checkSellable',
			environment: 'PREP',
			kind: 'not-sellable',
			code: 4,
			message: 'no (***)',
			serviceMessage: "This can't be sold",
			retryable: false,
			hint: OUTCOME_KINDS['not-sellable'].hint,
			attempts: 1,
			answer: { code: 4, message: '***' },
			itemIndex: 3,
			request: { zipcode: '75001', worktype: '69' },
		});
	});

	it('never makes an item n8n would take for its own error item', () => {
		for (const kind of Object.keys(OUTCOME_KINDS) as Array<keyof typeof OUTCOME_KINDS>) {
			for (const simplify of [false, true]) {
				const item = outputItem({ kind, code: null, message: 'm', attempts: 0 }, { ...context, simplify }, 0);
				expect(Object.keys(item.json).every((key) => ['error', 'message', 'details'].includes(key))).toBe(false);
				expect(item.json).not.toHaveProperty('error');
			}
		}
	});

	it('shapes a success with its data and no kind', () => {
		const item = outputItem({ kind: 'success', code: 0, message: 'ok', attempts: 1, data: { sellable: true } }, context, 0);
		expect(item.json).toEqual({ success: true, operation: 'checkSellable', environment: 'PREP', code: 0, message: 'ok', sellable: true, attempts: 1, itemIndex: 0 });
		expect(Object.keys(item.json)[0]).toBe('message');
	});

	it('simplifies to the same columns whatever happened', () => {
		const simple = { ...context, simplify: true };
		const failed = outputItem(refusal, simple, 0, { zipcode: '75001', worktype: '69', email: 'a@b.fr' }).json;
		const passed = outputItem({ kind: 'success', code: 0, message: 'ok', attempts: 1 }, simple, 1).json;
		expect(Object.keys(failed)).toEqual(Object.keys(passed));
		expect(failed).toMatchObject({ outcome: 'not-sellable', success: false, code: 4, leadReference: 'a@b.fr', message: 'no (***)' });
		expect(passed).toMatchObject({ outcome: 'sellable', success: true, code: 0 });
	});
});

describe('the status answer', () => {
	it('reads the fields, the label as the service returns it', () => {
		expect(statusData({ token: 't', status: '12', statusLabel: 'Doublon (service)', date: '2024-03-01 10:00:00', supplierLeadId: 'S1' })).toEqual({
			token: 't',
			status: 12,
			statusLabel: 'Doublon (service)',
			statusLabelEn: 'Duplicate',
			statusKnown: true,
			final: true,
			date: '2024-03-01T10:00:00.000+01:00',
			dateRaw: '2024-03-01 10:00:00',
			supplierLeadId: 'S1',
		});
	});

	it('falls back to the doc\'s label when the service gives none, and says an unlisted status is not final', () => {
		expect(statusData({ token: 't', status: 2 })).toMatchObject({ statusLabel: 'Injoignable', statusLabelEn: 'Unreachable', final: false, date: null, supplierLeadId: null });
		expect(statusData({ token: 't', status: 99, statusLabel: 'Nouveau' })).toMatchObject({ statusLabel: 'Nouveau', statusLabelEn: null, statusKnown: false, final: false });
	});

	it.each([
		['2024-01-15 10:30:00', '2024-01-15T10:30:00.000+01:00'],
		['2024-01-15 10:30', '2024-01-15T10:30:00.000+01:00'],
		['2024-07-15', '2024-07-15T00:00:00.000+02:00'],
		['15/07/2024 08:00:00', '2024-07-15T08:00:00.000+02:00'],
		['2024-07-15T08:30:00+00:00', '2024-07-15T08:30:00.000Z'],
		['2024-07-15T10:30:00+02:00', '2024-07-15T10:30:00.000+02:00'],
	])('dates %j as %s', (raw, iso) => {
		expect(isoDate(raw)).toBe(iso);
	});

	it.each([null, undefined, '', 'hier', '2024-13-45', 1700000000])('gives no date for %j', (raw) => {
		expect(isoDate(raw)).toBeNull();
	});
});
