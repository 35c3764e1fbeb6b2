import type { FieldTableName } from './catalog';
import type { Operation } from './catalog/codes';

/**
 * Every request field the service takes, described once. The node's parameters, the validation
 * schemas and the docs are all derived from these specs, so a field's name, label and rules are
 * written in one place.
 */
export type FieldType = 'text' | 'email' | 'zipcode' | 'phone' | 'mapped' | 'integer' | 'token';

export interface FieldSpec {
	/** The service's own key, kept as is (saved workflows depend on it). */
	readonly name: string;
	/** English name, shown in the UI and in error messages. */
	readonly label: string;
	readonly description: string;
	readonly type: FieldType;
	readonly table?: FieldTableName;
	/** Longest text accepted (the doc gives none: these are our limits, see the README). */
	readonly maxLength?: number;
	/** Whether line breaks are allowed (other control characters never are). */
	readonly multiline?: boolean;
	readonly placeholder?: string;
	/** A mapped field whose French label fills this one when the lead gives none (not required then). */
	readonly defaultFrom?: string;
}

const NAME_MAX = 100;
const LINE_MAX = 255;
const COMMENT_MAX = 2000;

export const FIELDS = {
	zipcode: {
		name: 'zipcode',
		label: 'Zipcode',
		description: 'French postcode of the works, 5 digits kept as text (e.g. 01000)',
		type: 'zipcode',
		placeholder: '75001',
	},
	worktype: {
		name: 'worktype',
		label: 'Worktype',
		description:
			'Batiweb worktype (code métier): type a French or English word, or the code, to search the list. By expression, give the code (69) or the label in French or English (Peinture, Painting).',
		type: 'mapped',
		table: 'worktype',
	},
	email: {
		name: 'email',
		label: 'Email',
		description: "Consumer's email address",
		type: 'email',
		placeholder: 'name@email.com',
	},
	supplierleadid: {
		name: 'supplierleadid',
		label: 'Supplier Lead ID',
		description: 'The ID of this lead in your own system; Batiweb returns it with the status',
		type: 'text',
		maxLength: NAME_MAX,
	},
	city: { name: 'city', label: 'City', description: "Consumer's city", type: 'text', maxLength: NAME_MAX },
	isowner: {
		name: 'isowner',
		label: 'Owner Status',
		description: 'Whether the consumer owns the home (IsOwner table)',
		type: 'mapped',
		table: 'isowner',
	},
	cellphone: {
		name: 'cellphone',
		label: 'Cellphone',
		description:
			'Mobile number, French national form or +33 (sent as 0612345678). Required when Landline is empty.',
		type: 'phone',
	},
	landline: {
		name: 'landline',
		label: 'Landline',
		description:
			'Landline number, French national form or +33 (sent as 0177781000). Required when Cellphone is empty.',
		type: 'phone',
	},
	firstname: {
		name: 'firstname',
		label: 'First Name',
		description: "Consumer's first name",
		type: 'text',
		maxLength: NAME_MAX,
	},
	lastname: {
		name: 'lastname',
		label: 'Last Name',
		description: "Consumer's last name",
		type: 'text',
		maxLength: NAME_MAX,
	},
	civility: {
		name: 'civility',
		label: 'Civility',
		description: 'Mr or Mrs. By expression, 1, 2, "M.", "Mme", "Monsieur" or "Madame" are accepted.',
		type: 'mapped',
		table: 'civility',
	},
	workdescription: {
		name: 'workdescription',
		label: 'Work Description',
		description:
			"Label of the trade (libellé du métier), e.g. Peinture. Leave empty to send the Worktype's French label, as the doc's example does (69 → Peinture); the consumer's own words go to Comment.",
		type: 'text',
		maxLength: LINE_MAX,
		defaultFrom: 'worktype',
	},
	housingtype: {
		name: 'housingtype',
		label: 'Housing Type',
		description: 'Type of home (HousingType table)',
		type: 'mapped',
		table: 'housingtype',
	},
	address: {
		name: 'address',
		label: 'Address',
		description: 'Postal address of the consumer or of the works',
		type: 'text',
		maxLength: LINE_MAX,
	},
	amountofrooms: {
		name: 'amountofrooms',
		label: 'Amount of Rooms',
		description: 'Number of rooms concerned (a whole number)',
		type: 'integer',
	},
	remindertime: {
		name: 'remindertime',
		label: 'Callback Time',
		description: 'When to call the consumer back (Remindertime table)',
		type: 'mapped',
		table: 'remindertime',
	},
	delay: {
		name: 'delay',
		label: 'Delay',
		description: 'When the works should start (Delay table)',
		type: 'mapped',
		table: 'delay',
	},
	area: {
		name: 'area',
		label: 'Area',
		description: 'Surface of the home in m² (Area table)',
		type: 'mapped',
		table: 'area',
	},
	comment: {
		name: 'comment',
		label: 'Comment',
		description: 'Comment on the requested works',
		type: 'text',
		maxLength: COMMENT_MAX,
		multiline: true,
	},
	yearbuilt: {
		name: 'yearbuilt',
		label: 'Year Built',
		description: 'Age of the home (Yearbuild table)',
		type: 'mapped',
		table: 'yearbuilt',
	},
	funding: {
		name: 'funding',
		label: 'Funding',
		description: 'How the works will be paid (Funding table)',
		type: 'mapped',
		table: 'funding',
	},
	budget: {
		name: 'budget',
		label: 'Budget',
		description: "The consumer's budget (BUDGET table)",
		type: 'mapped',
		table: 'budget',
	},
	token: {
		name: 'token',
		label: 'Token',
		description: 'The token Batiweb returned when the lead was imported (128 hexadecimal characters)',
		type: 'token',
	},
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;

/** How an operation takes a field: required, one of a group of which at least one is needed
 * (cellphone/landline), or optional (in the Additional Fields collection). */
export type FieldRole = 'required' | 'oneOf' | 'optional';

/**
 * Which fields each operation sends, in the order the doc lists them (requests are sent in this
 * order), with each field's role. Required fields are required in the UI.
 */
export const OPERATION_FIELDS: Record<Operation, ReadonlyArray<readonly [FieldName, FieldRole]>> = {
	checkSellable: [
		['zipcode', 'required'],
		['worktype', 'required'],
		['email', 'optional'],
		['supplierleadid', 'optional'],
	],
	import: [
		['email', 'required'],
		['city', 'required'],
		['zipcode', 'required'],
		['isowner', 'required'],
		['cellphone', 'oneOf'],
		['landline', 'oneOf'],
		['firstname', 'required'],
		['lastname', 'required'],
		['civility', 'required'],
		['housingtype', 'optional'],
		['workdescription', 'required'],
		['worktype', 'required'],
		['address', 'optional'],
		['amountofrooms', 'optional'],
		['remindertime', 'optional'],
		['delay', 'optional'],
		['area', 'optional'],
		['comment', 'optional'],
		['yearbuilt', 'optional'],
		['funding', 'optional'],
		['budget', 'optional'],
		['supplierleadid', 'optional'],
	],
	getStatus: [['token', 'required']],
};

function byRole(fields: ReadonlyArray<readonly [FieldName, FieldRole]>): Record<FieldRole, readonly FieldName[]> {
	const withRole = (role: FieldRole) => fields.filter(([, fieldRole]) => fieldRole === role).map(([name]) => name);
	return { required: withRole('required'), oneOf: withRole('oneOf'), optional: withRole('optional') };
}

// Worked out once when the module loads: the router asks for these for every item.
const FIELDS_BY_ROLE: Record<Operation, Record<FieldRole, readonly FieldName[]>> = {
	checkSellable: byRole(OPERATION_FIELDS.checkSellable),
	import: byRole(OPERATION_FIELDS.import),
	getStatus: byRole(OPERATION_FIELDS.getStatus),
};

/** An operation's fields of one role, in the doc's order. */
export function fieldsWithRole(operation: Operation, role: FieldRole): readonly FieldName[] {
	return FIELDS_BY_ROLE[operation][role];
}

/** All of an operation's fields, in the doc's order. */
export function fieldOrder(operation: Operation): FieldName[] {
	return OPERATION_FIELDS[operation].map(([name]) => name);
}
