/**
 * Issue 10 point 13, the smaller points: tokens as Batiweb could return them, sent as given;
 * statuses 4 and 6 without a label; areas as the doc writes them; an integer in a text field; a
 * phone whose leading 0 a spreadsheet dropped.
 */
import { findEntry } from '../../nodes/BatiwebLead/catalog';
import { statusData } from '../../nodes/BatiwebLead/actions/getStatus.operation';
import { validateRequest } from '../../nodes/BatiwebLead/validation/schemas';
import { lead } from '../../harness';

const request = (raw: Record<string, unknown>) => {
	const result = validateRequest('import', { ...lead(), ...raw });
	if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('; '));
	return result.request;
};

describe('tokens', () => {
	it.each(['A1b2'.repeat(10), 'f'.repeat(128), 'ABCDEF0123456789', 'x'.repeat(256)])('accepts %s and sends it exactly as given', (token) => {
		expect(validateRequest('getStatus', { token: ` ${token} ` })).toEqual({ ok: true, request: { token } });
	});

	it.each(['short', 'a'.repeat(257), 'abc-def-ghi-jkl-mno', 'é'.repeat(20)])('refuses %s', (token) => {
		expect(validateRequest('getStatus', { token })).toMatchObject({ ok: false, problems: [{ field: 'token' }] });
	});
});

describe('statuses 4 and 6 (the doc\'s labels are copy errors)', () => {
	it.each([4, 6])('status %i without a label from the service: statusLabel is null', (status) => {
		expect(statusData({ token: 't', status })).toMatchObject({ status, statusLabel: null });
	});

	it('the service\'s own label is shown as it is', () => {
		expect(statusData({ token: 't', status: 4, statusLabel: 'En cours' })).toMatchObject({ statusLabel: 'En cours' });
	});

	it('other statuses still fall back to the doc\'s label', () => {
		expect(statusData({ token: 't', status: 11 })).toMatchObject({ statusLabel: 'Faux numéro' });
	});
});

describe('areas and budgets as the doc writes them', () => {
	it.each([
		['area', 'Moins de 10 m ²', '1'],
		['area', 'De 120 à 200 m ²', '7'],
		['area', 'Plus de 200  m²', '8'],
		['budget', 'Moins de 1500 €', '1'],
		['budget', 'Entre 1500 € et 6000 €', '2'],
	] as const)('%s "%s" is %s', (table, label, value) => {
		expect(findEntry(table, label)?.value).toBe(value);
	});
});

describe('numbers where text is expected', () => {
	it('an integer Supplier Lead ID is sent as its text', () => {
		expect(request({ supplierleadid: 42 }).supplierleadid).toBe('42');
	});

	it.each([
		[612345678, '0612345678'],
		['612345678', '0612345678'],
		[177781000, '0177781000'],
	])('a phone of nine digits (%s) is read as 0 followed by them', (cellphone, sent) => {
		expect(request({ cellphone }).cellphone).toBe(sent);
	});

	it('nine digits written with spaces are still refused (foreign or mistyped)', () => {
		expect(validateRequest('import', { ...lead(), cellphone: '6 12 34 56 78' })).toMatchObject({ ok: false });
	});
});
