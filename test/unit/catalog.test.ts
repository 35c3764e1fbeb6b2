/**
 * The catalog, the single source of truth for codes and labels: its tables against the doc,
 * and the look-ups that let users give a code or a label.
 */
import { findEntry, foldLabel, statusEntry, TABLES, type CatalogEntry, type TableName } from '../../nodes/BatiwebLead/catalog';
import { ANSWER_CODES, DOC_MESSAGES, ENDPOINTS } from '../../nodes/BatiwebLead/catalog/codes';
import { DOC_WORKTYPES } from './docWorktypes';

/** The doc's small tables, as it prints them (value, label). */
const DOC_TABLES: Record<Exclude<TableName, 'worktype'>, Array<[string, string]>> = {
	isowner: [['1', 'Propriétaire'], ['2', 'Locataire'], ['3', 'Propriétaire louant son bien'], ['4', 'Autre']],
	civility: [['1', 'Monsieur'], ['2', 'Madame']],
	housingtype: [['1', 'Maison'], ['2', 'Appartement'], ['3', 'Locaux professionnels'], ['4', 'Autre']],
	remindertime: [['1', 'Tout le temps'], ['2', 'De 9h à 11h'], ['3', 'De 11h à 13h'], ['4', 'De 13h à 15h'], ['5', 'De 15h à 17h'], ['6', 'De 17h à 19h']],
	delay: [['1', 'Immédiat'], ['2', 'Sous un mois'], ['3', 'Inférieur à 3 mois'], ['4', 'De 3 à 6 mois'], ['5', 'Plus de 6 mois']],
	area: [
		['1', 'Moins de 10 m²'],
		['2', 'De 10 à 20 m²'],
		['3', 'De 20 à 30 m²'],
		['4', 'De 30 à 50 m²'],
		['5', 'De 50 à 75 m²'],
		['6', 'De 75 à 120 m²'],
		['7', 'De 120 à 200 m²'],
		['8', 'Plus de 200 m²'],
		['9', 'Ne sait pas'],
	],
	yearbuilt: [['1', 'Neuf'], ['2', 'Moins de 2 ans'], ['3', 'Après 1974'], ['4', 'Avant 1974'], ['5', 'Ne sait pas']],
	funding: [['1', 'Comptant'], ['2', 'Crédit'], ['3', 'A définir']],
	budget: [['1', 'Moins de 1500€'], ['2', 'Entre 1500€ et 6000€'], ['3', 'Plus de 6000€'], ['4', 'Ne sait pas']],
	status: [
		['1', 'Validé'],
		['2', 'Injoignable'],
		['4', 'Plus de 6000€'],
		['6', 'Ne sait pas'],
		['10', 'Sans projet réel'],
		['11', 'Faux numéro'],
		['12', 'Doublon'],
		['13', 'Assez de devis'],
		['15', 'Demande mensongère'],
		['16', 'Exclusivement par mail'],
		['18', 'Projet Hors France Métropolitaine'],
		['23', 'Tests'],
	],
};

describe('tables against the doc', () => {
	it.each(Object.entries(DOC_TABLES))('%s has exactly the doc\'s values and labels, in its order', (table, rows) => {
		const entries: readonly CatalogEntry[] = TABLES[table as TableName].entries;
		expect(entries.map((entry) => [entry.value, entry.docLabel ?? entry.fr])).toEqual(rows);
	});

	it('worktype has the doc\'s 121 codes, each with the doc\'s label (truncated ones as docLabel)', () => {
		expect(DOC_WORKTYPES).toHaveLength(121);
		expect(TABLES.worktype.entries).toHaveLength(121);
		const catalog = new Map(TABLES.worktype.entries.map((entry) => [entry.value, entry]));
		for (const [code, label] of DOC_WORKTYPES) {
			const entry = catalog.get(code);
			expect(entry).toBeDefined();
			expect([code, entry!.docLabel ?? entry!.fr]).toEqual([code, label]);
		}
		expect(new Set(TABLES.worktype.entries.map((entry) => entry.value)).size).toBe(121);
	});

	it('completes the four truncated worktype labels and keeps the doc\'s text beside them', () => {
		const truncated = TABLES.worktype.entries.filter((entry) => entry.docLabel !== undefined);
		expect(truncated.map((entry) => entry.value).sort()).toEqual(['183', '65', '66', '90']);
		for (const entry of truncated) {
			expect(entry.fr.startsWith(entry.docLabel!)).toBe(true);
			expect(entry.fr.length).toBeGreaterThan(entry.docLabel!.length);
		}
	});

	it('gives every entry an English name and keeps values as text', () => {
		for (const [name, table] of Object.entries(TABLES)) {
			for (const entry of table.entries) {
				expect({ name, value: entry.value, valueType: typeof entry.value }).toEqual({ name, value: expect.stringMatching(/^\d+$/), valueType: 'string' });
				expect(entry.en.trim()).not.toBe('');
			}
		}
	});

	it('has the doc\'s codes, messages and endpoints', () => {
		expect(Object.values(ANSWER_CODES).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 9]);
		expect(DOC_MESSAGES).toMatchObject({
			sellable: 'This lead can be sold',
			imported: 'Lead correctly imported',
			missingLogin: 'Missing Login',
			missingPassword: 'Missing password',
			invalidEnvironment: 'Invalid argument environment',
			authenticationFailed: 'Authentication Failed',
			productionNotGranted: 'Access to production is not granted',
			invalidValue: 'Invalid value',
			notSellable: "This can't be sold",
			duplicate: 'Duplicate Lead',
			leaseholderRefused: 'Leaseholder refused',
			internalError: 'Internal error',
		});
		expect(ENDPOINTS).toEqual({ checkSellable: 'is_sellable', import: 'import', getStatus: 'status' });
	});

	it('marks the status table\'s copy errors (4, 6) as undocumented in English, never as a budget', () => {
		expect(statusEntry(4)?.en).toMatch(/not documented/);
		expect(statusEntry('6')?.en).toMatch(/not documented/);
		expect(statusEntry(4)?.final).toBe(false);
	});
});

describe('findEntry', () => {
	it.each([69, '69', ' 69 ', 'Peinture', 'peinture', 'PEINTURE', '  peinture  ', 'Painting', 'painting'])('finds worktype 69 from %j', (input) => {
		expect(findEntry('worktype', input)?.value).toBe('69');
	});

	it.each([
		['Gros oeuvre (Extension maison, constr', '183'],
		['Installation de chauffe-eau / Thermod', '90'],
		['Isolation des combles non aménageab', '66'],
		['Isolation thermique des murs intérieu', '65'],
		['Isolation thermique des murs interieurs', '65'],
		['Radiateur électrique', '211'],
		['RADIATEUR ELECTRIQUE', '211'],
		["porte d'entree", '182'],
	])('finds %j as %s', (input, code) => {
		expect(findEntry('worktype', input)?.value).toBe(code);
	});

	it('finds every worktype by its code, doc label, completed label and English name', () => {
		for (const entry of TABLES.worktype.entries) {
			for (const spelling of [entry.value, Number(entry.value), entry.fr, entry.en, entry.docLabel ?? entry.fr]) {
				expect(findEntry('worktype', spelling)).toBe(entry);
			}
		}
	});

	it('does not let a label of one entry be another entry\'s code or label', () => {
		for (const [name, table] of Object.entries(TABLES)) {
			const seen = new Map<string, string>();
			for (const entry of table.entries as readonly CatalogEntry[]) {
				for (const spelling of [entry.value, entry.fr, entry.en, entry.docLabel, ...(entry.aliases ?? [])]) {
					if (spelling === undefined) continue;
					const key = foldLabel(spelling);
					const owner = seen.get(key);
					expect({ name, spelling, owner: owner ?? entry.value }).toEqual({ name, spelling, owner: entry.value });
					seen.set(key, entry.value);
				}
			}
		}
	});

	it.each([
		[1, '1'],
		['1', '1'],
		['M.', '1'],
		['M', '1'],
		['Monsieur', '1'],
		['Mr', '1'],
		[2, '2'],
		['Mme', '2'],
		['Madame', '2'],
		['Mrs', '2'],
		['mme', '2'],
	])('finds civility %j as %s', (input, code) => {
		expect(findEntry('civility', input)?.value).toBe(code);
	});

	it.each([
		['worktype', 'Peintur'],
		['worktype', 70],
		['worktype', 69.5],
		['worktype', ''],
		['worktype', null],
		['worktype', undefined],
		['worktype', { value: '69' }],
		['worktype', ['69']],
		['worktype', true],
		['civility', 'Mx'],
		['civility', 3],
		['isowner', '0'],
		['budget', 'Entre 1500 et 6000'],
	] as Array<[TableName, unknown]>)('%s refuses %j', (table, input) => {
		expect(findEntry(table, input)).toBeUndefined();
	});

	it('ignores accents, case and spacing, and nothing else', () => {
		expect(foldLabel('  Chauffage   Électrique ')).toBe('chauffage electrique');
		expect(foldLabel('Moins de 1500€')).toBe('moins de 1500€');
	});
});
