import type { INodePropertyOptions } from 'n8n-workflow';

import { TABLES, type FieldTableName, type TableName } from './tables';
import type { CatalogEntry } from './types';

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
		const spellings = [entry.value, entry.fr, entry.en, entry.docLabel, ...(entry.aliases ?? [])];
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

/** Finds the entry for a code (`69`, `"69"`) or a label in French or English, or undefined. */
export function findEntry(table: TableName, input: unknown): CatalogEntry | undefined {
	if (typeof input === 'number' && Number.isInteger(input)) return INDEXES[table].get(String(input));
	if (typeof input !== 'string') return undefined;
	return INDEXES[table].get(foldLabel(input));
}

/** The values a table accepts, in the doc's order. */
export function tableValues(table: TableName): string[] {
	return TABLES[table].entries.map((entry) => entry.value);
}

// One collator for every sort: `localeCompare(other, 'en')` builds a new one on each call, which
// made sorting the worktype options a third of the time n8n takes to load this node.
const BY_ENGLISH_NAME = new Intl.Collator('en');

/**
 * The n8n option list of a table: English name, the doc's French label and code as description,
 * sorted by name as n8n's lint rules and UX guidelines ask.
 */
export function tableOptions(table: FieldTableName): INodePropertyOptions[] {
	return TABLES[table].entries
		.map((entry) => ({ name: entry.en, value: entry.value, description: `${entry.fr} (code ${entry.value})` }))
		.sort((a, b) => BY_ENGLISH_NAME.compare(a.name, b.name));
}

/** The status table's entry for a status code, if the doc lists it. */
export function statusEntry(status: unknown): CatalogEntry | undefined {
	return findEntry('status', status);
}
