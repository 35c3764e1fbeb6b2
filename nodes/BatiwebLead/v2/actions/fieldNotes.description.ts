import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../catalog/codes';
import { FIELDS } from '../../fields';

const { worktype, workdescription, comment, cellphone, landline } = FIELDS;

/**
 * What the resource mapper cannot say: n8n gives its fields no description of their own (the
 * "?" of a field shows only n8n's "mandatory" text), and a field required only when another is
 * empty cannot be marked. So a notice under the fields says it, per operation.
 */
const NOTES: Partial<Record<Operation, string>> = {
	checkSellable: `${worktype.label}: type a French or English word, or the code, to search Batiweb's trades (peint finds "Peinture (Painting) · 69").`,
	import: [
		`${worktype.label}: type a French or English word, or the code, to search Batiweb's trades.`,
		`${workdescription.label}: the trade's label as Batiweb's doc defines it (libellé du métier, e.g. Peinture), not the consumer's text: that goes to ${comment.label}.`,
		`Give at least one of ${cellphone.label} and ${landline.label}.`,
	].join(' '),
};

export function fieldNotes(operation: Operation): INodeProperties[] {
	const text = NOTES[operation];
	if (!text) return [];
	return [
		{
			displayName: text,
			name: `${operation}FieldNotes`,
			type: 'notice',
			default: '',
			displayOptions: { show: { operation: [operation] } },
		},
	];
}
