/**
 * A yes/no Owner Status column (issue 19): yes is 1 (Propriétaire, the doc's "Statut du demandeur :
 * IsOwner" table); a plain no is refused with the statuses it could mean, since "not owner" may be
 * 2, 3 or 4.
 */
import { validateRequest } from '../../nodes/BatiwebLead/validation/schemas';

const LEAD = { email: 'jean@example.fr', city: 'Lyon', zipcode: '69001', cellphone: '0612345678', firstname: 'Jean', lastname: 'Dupont', civility: 'M.', worktype: '69' };

describe('Owner Status from a yes/no column', () => {
	it.each(['Oui', 'oui', 'OUI', 'true', 'True', 'yes', 'Yes', 'vrai', true, 1, '1'])('%j is 1 (Propriétaire)', (value) => {
		expect(validateRequest('import', { ...LEAD, isowner: value })).toMatchObject({ ok: true, request: { isowner: '1' } });
	});

	it.each(['Non', 'non', 'false', 'no', 'NO', 'faux', false, 0, '0'])('%j is refused, naming the statuses Batiweb accepts', (value) => {
		const result = validateRequest('import', { ...LEAD, isowner: value });
		expect(result.ok).toBe(false);
		const [problem] = result.ok ? [] : result.problems;
		expect(problem.field).toBe('isowner');
		expect(problem.message).toMatch(/^Owner Status \(isowner\) cannot be a plain "no"/);
		for (const status of ['1 (Propriétaire)', '2 (Locataire)', '3 (Propriétaire louant son bien)', '4 (Autre)']) expect(problem.message).toContain(status);
		expect(problem.message).toContain(`got ${JSON.stringify(value)}`);
	});

	it('the statuses themselves still read as before', () => {
		for (const [value, code] of [['Locataire', '2'], ['Tenant', '2'], ['Propriétaire louant son bien', '3'], ['Autre', '4'], [4, '4']] as const) {
			expect(validateRequest('import', { ...LEAD, isowner: value })).toMatchObject({ ok: true, request: { isowner: code } });
		}
	});
});
