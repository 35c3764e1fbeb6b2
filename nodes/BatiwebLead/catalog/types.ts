/** One row of a Batiweb mapping table. `value` is what the service takes, always a string. */
export interface CatalogEntry {
	readonly value: string;
	/** The French label, as in Batiweb's doc (completed where the doc cuts it off). */
	readonly fr: string;
	/** Our English name for the n8n UI. */
	readonly en: string;
	/** The doc's own text, where it differs from `fr` (the doc truncates four worktype labels). */
	readonly docLabel?: string;
	/** Other spellings accepted as input (e.g. "M." for civility 1, as in the doc's example). */
	readonly aliases?: readonly string[];
	/** Status table only: the doc's label is a copy error, never shown in its place. */
	readonly labelIsDocError?: boolean;
	/** Status table only: whether a lead in this status will not change any more. */
	readonly final?: boolean;
}

export interface CatalogTable {
	/** The request field that takes this table's values (the status table has none). */
	readonly field: string;
	/** English name of the field, for the UI and error messages. */
	readonly displayName: string;
	/** The table's name in Batiweb's doc. */
	readonly docName: string;
	/** Whether the values form a scale (time, size, money, age): the options keep the doc's order. */
	readonly ordered?: boolean;
	readonly entries: readonly CatalogEntry[];
	/** Answers refused with a reason rather than read (a "no" that names none of the entries). */
	readonly refused?: { readonly spellings: readonly string[]; readonly reason: string };
}
