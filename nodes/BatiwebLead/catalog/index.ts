import type { INodePropertyOptions } from 'n8n-workflow';

import { TABLES, type FieldTableName, type TableName } from './tables';
import type { CatalogEntry, CatalogTable } from './types';

export { TABLES, type FieldTableName, type TableName } from './tables';
export type { CatalogEntry, CatalogTable } from './types';

/**
 * Folds a label for comparison: case, accents, spacing and the "€"/"m²" spellings do not matter,
 * so "peinture", "PEINTURE" and " Peinture " all find worktype 69.
 */
export function foldLabel(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		// The doc writes "Moins de 10 m ²": a space before ² or € does not matter.
		.replace(/ (?=[²€])/g, '')
		.trim();
}

function buildIndex(entries: readonly CatalogEntry[]): Map<string, CatalogEntry> {
	const index = new Map<string, CatalogEntry>();
	for (const entry of entries) {
		// The option's name too, as the dropdown shows it: a user may copy it into a sheet.
		const spellings = [entry.value, entry.fr, entry.en, optionName(entry), entry.docLabel, ...(entry.aliases ?? [])];
		for (const spelling of spellings) {
			if (spelling !== undefined) index.set(foldLabel(spelling), entry);
		}
	}
	return index;
}

// Built once when the module loads, not per item.
const INDEXES = Object.fromEntries(
	Object.entries(TABLES).map(([name, table]) => [name, buildIndex(table.entries)]),
) as Record<TableName, Map<string, CatalogEntry>>;

/**
 * Finds the entry for a code (`69`, `"69"`) or a label in French or English, or undefined. A
 * boolean is read as its text, so `true` is what the table reads for "true" (isowner: 1).
 */
export function findEntry(table: TableName, input: unknown): CatalogEntry | undefined {
	if (typeof input === 'number' && Number.isInteger(input)) return INDEXES[table].get(String(input));
	if (typeof input === 'boolean') return INDEXES[table].get(String(input));
	if (typeof input !== 'string') return undefined;
	return INDEXES[table].get(foldLabel(input));
}

/** Why a table refuses this value outright (a "no" for Owner Status), or undefined. */
export function refusalOf(table: TableName, input: unknown): string | undefined {
	const refused = (TABLES[table] as CatalogTable).refused;
	if (!refused || !['string', 'number', 'boolean'].includes(typeof input)) return undefined;
	const key = foldLabel(String(input));
	return refused.spellings.some((spelling) => foldLabel(spelling) === key) ? refused.reason : undefined;
}

/** The values a table accepts, in the doc's order. */
export function tableValues(table: TableName): string[] {
	return TABLES[table].entries.map((entry) => entry.value);
}

// One collator for every sort: `localeCompare(other, 'fr')` builds a new one on each call, which
// made sorting the worktype options a third of the time n8n takes to load this node.
const BY_NAME = new Intl.Collator('fr');

/**
 * An option's name in n8n: the doc's French label, our English name, then the code, e.g.
 * "Peinture (Painting) · 69". n8n's dropdown filters on the name only, so each of the three finds
 * the option; French comes first because the users are French and the doc speaks French.
 */
export function optionName(entry: CatalogEntry): string {
	const english = foldLabel(entry.en) === foldLabel(entry.fr) ? '' : ` (${entry.en})`;
	return `${entry.fr}${english} · ${entry.value}`;
}

/** What else the node reads for an entry, shown under its name in the dropdown. */
function optionDescription(entry: CatalogEntry): string | undefined {
	const others = [...(entry.docLabel ? [entry.docLabel] : []), ...(entry.aliases ?? [])];
	return others.length > 0 ? `Also read: ${others.map((other) => `"${other}"`).join(', ')}` : undefined;
}

/**
 * The n8n option list of a table (the value is the code). A scale (`ordered`: delay, callback
 * time, area, budget, year built) keeps the doc's order; any other table is sorted by name, as
 * n8n's UX guidelines ask. n8n's lint rule on sorted options never sees these lists (they are
 * built here, not written as literals) and exempts lists of numeric codes anyway: see
 * test/unit/option-order.test.ts.
 */
export function tableOptions(table: FieldTableName): INodePropertyOptions[] {
	const { entries, ordered } = TABLES[table] as CatalogTable;
	const options = entries.map((entry): INodePropertyOptions => {
		const description = optionDescription(entry);
		return { name: optionName(entry), value: entry.value, ...(description ? { description } : {}) };
	});
	return ordered ? options : options.sort((a, b) => BY_NAME.compare(a.name, b.name));
}

/** The status table's entry for a status code, if the doc lists it. */
export function statusEntry(status: unknown): CatalogEntry | undefined {
	return findEntry('status', status);
}

// French words whose English twin finds the entries the French labels name otherwise
// ("toiture" finds the "roofing" entries, "pompe à chaleur" the "PAC air-air").
const TWINS: Record<string, string> = { toiture: 'roof', toit: 'roof', chaleur: 'heat', pompe: 'pump', pac: 'heat', clim: 'air' };
const STOP = new Set(['de', 'des', 'du', 'la', 'le', 'les', 'et', 'en', 'a', 'au', 'aux', 'pour', 'sur', 'un', 'une', 'of', 'the', 'and']);

function wordsOf(text: string): string[] {
	return foldLabel(text).split(/[^a-z0-9]+/).filter((word) => word.length > 1 && !STOP.has(word));
}

/**
 * The entries nearest to a value the table does not hold, best first: those sharing the most
 * words (or word beginnings) with it, in French or English. Linear in the table and the value.
 */
export function nearestEntries(table: TableName, input: unknown, limit = 12): CatalogEntry[] {
	if (typeof input !== 'string') return [];
	const words = wordsOf(input.slice(0, 200));
	const wanted = [...new Set(words.flatMap((word) => (TWINS[word] ? [word, TWINS[word]] : [word])))].map((word) => word.slice(0, 5));
	if (wanted.length === 0) return [];
	const scored = TABLES[table].entries
		.map((entry, position) => {
			const own = wordsOf(`${entry.fr} ${entry.en}`);
			const score = wanted.filter((word) => own.some((other) => other.startsWith(word))).length;
			return { entry, score, position };
		})
		.filter(({ score }) => score > 0)
		.sort((a, b) => b.score - a.score || a.position - b.position);
	return scored.slice(0, limit).map(({ entry }) => entry);
}
