/** validateRequest: the pure part of validation (the engine tests check the same rules end to end). */
import { validateRequest } from '../../nodes/BatiwebLead/validation/schemas';

const LEAD = {
	email: 'jean@example.fr',
	city: 'Lyon',
	zipcode: '69001',
	isowner: '1',
	cellphone: '06 12 34 56 78',
	landline: '',
	firstname: 'Jean',
	lastname: 'Dupont',
	civility: 'M.',
	workdescription: 'Peinture',
	worktype: 'Peinture',
};

describe('validateRequest', () => {
	it('normalises, drops empty optional fields and orders the keys as the doc lists them', () => {
		const result = validateRequest('import', {
			budget: 'Ne sait pas',
			comment: '',
			amountofrooms: 3,
			...LEAD,
			supplierleadid: ' CRM-1 ',
			address: null,
		});
		expect(result).toEqual({
			ok: true,
			request: {
				email: 'jean@example.fr',
				city: 'Lyon',
				zipcode: '69001',
				isowner: '1',
				cellphone: '0612345678',
				firstname: 'Jean',
				lastname: 'Dupont',
				civility: '1',
				workdescription: 'Peinture',
				worktype: '69',
				amountofrooms: '3',
				budget: '4',
				supplierleadid: 'CRM-1',
			},
		});
		if (result.ok) expect(Object.keys(result.request)).toEqual(['email', 'city', 'zipcode', 'isowner', 'cellphone', 'firstname', 'lastname', 'civility', 'workdescription', 'worktype', 'amountofrooms', 'budget', 'supplierleadid']);
	});

	it('gives every value as text', () => {
		const result = validateRequest('checkSellable', { zipcode: 1000, worktype: 69 });
		expect(result).toEqual({ ok: true, request: { zipcode: '01000', worktype: '69' } });
	});

	it('ignores fields the operation does not send', () => {
		expect(validateRequest('getStatus', { token: 'a'.repeat(128), email: 'x@y.fr' })).toEqual({ ok: true, request: { token: 'a'.repeat(128) } });
	});

	it('names each problem by label and key, with its rule, in the doc order', () => {
		const result = validateRequest('import', { ...LEAD, email: 'nope', zipcode: '1000', cellphone: '', landline: '' });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems.map((problem) => problem.field)).toEqual(['email', 'zipcode', 'cellphone']);
		expect(result.problems.map((problem) => problem.message)).toEqual([
			'Email (email) must be an email address; got "nope"',
			'Zipcode (zipcode) must be a French postcode of 5 digits, e.g. 01000; got "1000"',
			'Cellphone (cellphone) is required when Landline is empty (give at least one of Cellphone, Landline)',
		]);
	});

	it('reports a required field once, as required', () => {
		const result = validateRequest('checkSellable', { zipcode: '   ' });
		expect(result.ok ? [] : result.problems).toEqual([
			{ field: 'zipcode', rule: 'is required', message: 'Zipcode (zipcode) is required' },
			{ field: 'worktype', rule: 'is required', message: 'Worktype (worktype) is required' },
		]);
	});

	it('shortens a long bad value in the message', () => {
		const result = validateRequest('getStatus', { token: 'z'.repeat(300) });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problems[0].rule.length).toBeLessThan(150);
	});
});
