/** The hint after "City (city) is required" (issue 19): short lists, the right wording per way of giving the fields. */
import { missingFieldHint, namesOf } from '../../nodes/BatiwebLead/validation/missing';

describe('missingFieldHint', () => {
	const many = Array.from({ length: 30 }, (_, index) => `Colonne ${index}`);

	it('caps the item\'s columns at 8 and the names at 4, and cuts a long column name', () => {
		const hint = missingFieldHint('city', [`${'x'.repeat(80)}`, ...many], 'columns');
		expect(hint).toBe(`the item has ${'x'.repeat(39)}…, Colonne 0, Colonne 1, Colonne 2, Colonne 3, Colonne 4, Colonne 5, Colonne 6, …; a column named city, Ville, Commune, Localité, … fills it`);
	});

	it('an item with no columns says so', () => {
		expect(missingFieldHint('token', [], 'columns')).toBe('the item has no columns; a column named token, Jeton, Lead token, Token du lead fills it');
	});

	it('version 1 (parameters) says to set the field by expression, naming no Map Automatically', () => {
		const hint = missingFieldHint('city', ['Ville2'], 'parameters');
		expect(hint).toBe('the item has Ville2; set City to one of them by expression');
	});

	it('every field\'s names start with its API name and hold no two that fold alike', () => {
		for (const field of ['zipcode', 'city', 'cellphone', 'landline', 'isowner', 'token'] as const) {
			const names = namesOf(field);
			expect(names[0]).toBe(field);
			const folded = names.map((name) => name.normalize('NFD').replace(/[^A-Za-z0-9]/g, '').toLowerCase());
			expect(new Set(folded).size).toBe(folded.length);
		}
	});
});
