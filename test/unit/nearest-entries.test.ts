/** An unknown worktype or table value names the nearest entries (issue 19). */
import { validateRequest } from '../../nodes/BatiwebLead/validation/schemas';

const ruleFor = (worktype: string) => {
	const result = validateRequest('checkSellable', { zipcode: '75001', worktype });
	if (result.ok) throw new Error('accepted');
	return result.problems[0].rule;
};

test('"Pompe à chaleur" names the four heat pumps', () => {
	const rule = ruleFor('Pompe à chaleur');
	for (const code of ['207', '110', '111', '223']) expect(rule).toContain(`${code} (`);
});

test('"toiture" names the roof works', () => {
	const rule = ruleFor('toiture');
	for (const code of ['212', '26', '27', '23', '22', '176', '24', '19', '21']) expect(rule).toContain(`${code} (`);
});

test('a value with nothing near names no candidate', () => {
	expect(ruleFor('zzzz')).not.toContain('nearest');
});
