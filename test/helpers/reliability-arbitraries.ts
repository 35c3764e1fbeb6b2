/**
 * fast-check generators of leads as a form or a CRM would post them: valid ones (with every
 * spelling the node accepts, unicode and injection-looking text included) and hostile ones that
 * break exactly one rule (wrong types, nulls, objects, arrays, huge strings, control characters,
 * `__proto__` keys). Each generated item says whether the node must send it and, when it must,
 * what text the service must receive for each free-text field (the input, trimmed, unchanged).
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

export interface GeneratedLead {
	body: unknown;
	/** The node must send it (and Batiweb, the sandbox, accept it). */
	valid: boolean;
	/** What the broken rule is, for failure messages. */
	why: string;
	/** Valid only: the text each free-text field must arrive with. */
	texts?: Record<string, string>;
}

// C0 controls and DEL are refused in every text field; line breaks and tabs in single-line ones.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE = /[\r\n\t]/;

function fits(text: string, max: number, multiline: boolean): boolean {
	const trimmed = text.trim();
	return trimmed !== '' && !CONTROL.test(trimmed) && (multiline || !LINE.test(trimmed)) && [...trimmed].length <= max;
}

/** Text that looks like an attack or a template, and is still a perfectly valid value. */
export const HOSTILE_LOOKING = [
	"'); DROP TABLE leads;--",
	'" OR 1=1 --',
	'{{ $json }}',
	'={{ $json.body }}',
	'{{ $credentials.password }}',
	'${process.env.HOME}',
	'<script>alert("x")</script>',
	'<img src=x onerror=alert(1)>',
	'__proto__',
	'constructor',
	'../../etc/passwd',
	'%00%0d%0a',
	'\\u0000 (written out, not a control character)',
	"N'Guyen-Lefèvre",
	'Åsa Ølsen-Çağlar',
	'Zoë « Ñandú » — ½ m²',
	'东京 · 서울 · مرحبا · שלום',
	'👩‍👩‍👧‍👦 🏠🔨',
	'a\u200bb\u200dc', // zero-width characters (format characters, not controls)
	'null',
	'undefined',
	'0',
];

/** Free text for a field with this limit: unicode graphemes, hostile-looking text, edge lengths. */
function textArb(max: number, multiline = false): fc.Arbitrary<string> {
	const graphemes = fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 40) });
	const multi = multiline
		? fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), { minLength: 2, maxLength: 5 }).map((lines) => lines.join('\r\n'))
		: fc.constant('x');
	return fc
		.oneof(
			{ weight: 4, arbitrary: graphemes },
			{ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_LOOKING) },
			{ weight: 1, arbitrary: fc.constant('é'.repeat(max)) },
			{ weight: 1, arbitrary: fc.constant('🙂'.repeat(max)) },
			{ weight: 1, arbitrary: graphemes.map((text) => `  ${text}\u00a0 `) },
			{ weight: multiline ? 2 : 0, arbitrary: multi },
		)
		.filter((text) => fits(text, max, multiline));
}

const ZIPCODE = fc.oneof(
	fc.stringMatching(/^\d{5}$/),
	fc.integer({ min: 1000, max: 99999 }), // a number, as a spreadsheet gives it (1000 → 01000)
	fc.stringMatching(/^\d{5}$/).map((zip) => ` ${zip} `),
);
const WORKTYPE = fc.constantFrom<string | number>('69', 69, 'Peinture', 'peinture', ' PEINTURE ');
const ISOWNER = fc.constantFrom<string | number>('1', 1, '2', 'Propriétaire', 'Locataire', 'Tenant', '3', '4');
const CIVILITY = fc.constantFrom<string | number>('1', '2', 1, 'M.', 'Mme', 'Madame', 'Monsieur', 'Mr');
const PHONE = fc.constantFrom('0612345678', '06 12 34 56 78', '06.12.34.56.78', '+33 6 12 34 56 78', '+33 (0)6 12 34 56 78', '0033612345678', '01 77 78 10 00');
const ROOMS = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }).map(String));

const TEXT_FIELDS: Record<string, { max: number; multiline?: boolean; required: boolean }> = {
	city: { max: 100, required: true },
	firstname: { max: 100, required: true },
	lastname: { max: 100, required: true },
	// Not required: an empty one is the worktype's French label (issue 19).
	workdescription: { max: 255, required: false },
	address: { max: 255, required: false },
	comment: { max: 2000, multiline: true, required: false },
	supplierleadid: { max: 100, required: false },
};

/** A proto-polluting object, as JSON.parse gives it (an own "__proto__" key). */
const PROTO_OBJECT = (): unknown => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');

/** Values that break a text field's rules, whichever the field. */
function badText(max: number, multiline: boolean): fc.Arbitrary<[unknown, string]> {
	const options: Array<fc.Arbitrary<[unknown, string]>> = [
		// A whole number is read as its text (issue 10 point 13); other numbers are refused.
		fc.double({ noNaN: false }).filter((n) => !Number.isSafeInteger(n)).map((n) => [n, 'a float where text is expected']),
		fc.boolean().map((b) => [b, 'a boolean where text is expected']),
		fc.constant<[unknown, string]>([{ text: 'x' }, 'an object']),
		fc.constant<[unknown, string]>([['x', 'y'], 'an array']),
		fc.constant<[unknown, string]>([PROTO_OBJECT(), 'an object with __proto__ keys']),
		fc.constant<[unknown, string]>(['x'.repeat(max + 1), `${max + 1} characters`]),
		fc.constant<[unknown, string]>(['🙂'.repeat(max + 1), `${max + 1} emoji`]),
		fc.constant<[unknown, string]>(['z'.repeat(200_000), 'a huge string (200,000 characters)']),
		fc.constantFrom('\u0000', '\u0007', '\u001b[31m', '\u007f').map((control) => [`abc${control}def`, 'a control character']),
	];
	if (!multiline) options.push(fc.constantFrom('a\nb', 'a\r\nb', 'a\tb').map((text) => [text, 'a line break in a single-line field']));
	return fc.oneof(...options);
}

export interface LeadContext {
	/** Unique per generated lead: keeps emails (the duplicate key) apart across runs. */
	nextId: () => number;
}

/** A valid lead with a unique email, and the texts the service must receive. */
function validLead(context: LeadContext): fc.Arbitrary<{ body: IDataObject; texts: Record<string, string> }> {
	const optionalText = (name: string) => fc.option(textArb(TEXT_FIELDS[name].max, TEXT_FIELDS[name].multiline), { nil: undefined });
	return fc
		.record({
			emailStyle: fc.constantFrom('plain', 'upper', 'plus', 'spaces', 'dots'),
			city: textArb(100),
			zipcode: ZIPCODE,
			isowner: ISOWNER,
			cellphone: fc.option(PHONE, { nil: '' }),
			landline: PHONE,
			useCellphone: fc.boolean(),
			firstname: textArb(100),
			lastname: textArb(100),
			civility: CIVILITY,
			workdescription: textArb(255),
			worktype: WORKTYPE,
			address: optionalText('address'),
			comment: optionalText('comment'),
			supplierleadid: optionalText('supplierleadid'),
			amountofrooms: fc.option(ROOMS, { nil: undefined }),
			noise: fc.boolean(),
		})
		.map((fields) => {
			const id = context.nextId();
			const local = { plain: `lead${id}`, upper: `Lead${id}.UPPER`, plus: `lead${id}+tag`, spaces: `lead${id}`, dots: `le.ad.${id}` }[fields.emailStyle];
			const email = fields.emailStyle === 'spaces' ? `  ${local}@example.fr ` : `${local}@example.fr`;
			const body: IDataObject = {
				email,
				city: fields.city,
				zipcode: fields.zipcode,
				isowner: fields.isowner,
				// One of the two phones (the other empty), as a form with two optional fields gives them.
				cellphone: fields.useCellphone ? fields.cellphone : '',
				landline: fields.useCellphone && fields.cellphone ? '' : fields.landline,
				firstname: fields.firstname,
				lastname: fields.lastname,
				civility: fields.civility,
				workdescription: fields.workdescription,
				worktype: fields.worktype,
			};
			for (const name of ['address', 'comment', 'supplierleadid', 'amountofrooms'] as const) {
				if (fields[name] !== undefined) body[name] = fields[name];
			}
			if (fields.noise) Object.assign(body, JSON.parse('{"__proto__": {"isAdmin": true}, "{{ $json }}": "noise", "password": "not-the-one"}'));
			const texts: Record<string, string> = {};
			for (const name of Object.keys(TEXT_FIELDS)) {
				if (typeof body[name] === 'string') texts[name] = (body[name] as string).trim();
			}
			return { body, texts };
		});
}

/** A lead that breaks exactly one rule (or is not a lead at all). */
function invalidLead(context: LeadContext): fc.Arbitrary<GeneratedLead> {
	const textField = fc.constantFrom(...Object.keys(TEXT_FIELDS));
	const requiredText = fc.constantFrom(...Object.keys(TEXT_FIELDS).filter((name) => TEXT_FIELDS[name].required));
	const broken: fc.Arbitrary<[string, unknown, string]> = fc.oneof(
		textField.chain((field) => badText(TEXT_FIELDS[field].max, TEXT_FIELDS[field].multiline ?? false).map(([value, why]): [string, unknown, string] => [field, value, `${field}: ${why}`])),
		fc.tuple(requiredText, fc.constantFrom<unknown>(null, '', '   ', undefined)).map(([field, value]): [string, unknown, string] => [field, value, `${field}: missing (${JSON.stringify(value)})`]),
		fc.constantFrom<unknown>('not-an-email', 'a@b', '@example.fr', 'x y@example.fr', 42, null, { email: 'a@b.fr' }, ['a@b.fr']).map((value): [string, unknown, string] => ['email', value, 'email: not an email']),
		fc.constantFrom<unknown>('1234', '7500A', '750011', 123, 123456, -75001, 75001.5, Number.NaN, Infinity, {}, []).map((value): [string, unknown, string] => ['zipcode', value, 'zipcode: not a postcode']),
		fc.constantFrom<unknown>('99999', 'Plomberie galactique', 0, 69.5, {}, [69], true).map((value): [string, unknown, string] => ['worktype', value, 'worktype: outside the table']),
		fc.constantFrom<unknown>('7', 'Dr', {}, 3, ['1']).map((value): [string, unknown, string] => ['civility', value, 'civility: outside the table']),
		fc.constantFrom<unknown>('12345', '+44 20 7946 0958', '06 12 34', 61234567, {}).map((value): [string, unknown, string] => ['landline', value, 'phone: not a French number']),
		fc.constantFrom<unknown>(-1, 1.5, 'two', '3 rooms', {}).map((value): [string, unknown, string] => ['amountofrooms', value, 'amountofrooms: not a whole number']),
	);
	const wholeBody = fc.constantFrom<[unknown, string]>(
		[null, 'body is null'],
		['a lead as text', 'body is a string'],
		[[1, 2, 3], 'body is an array'],
		[42, 'body is a number'],
		[{}, 'body is empty'],
	);
	return fc.oneof(
		{
			weight: 6,
			arbitrary: fc.tuple(validLead(context), broken).map(([{ body }, [field, value, why]]): GeneratedLead => {
				const copy: IDataObject = { ...body, cellphone: '' };
				if (field === 'landline') copy.landline = value as never;
				else copy[field] = value as never;
				return { body: copy, valid: false, why };
			}),
		},
		{ weight: 1, arbitrary: wholeBody.map(([body, why]): GeneratedLead => ({ body, valid: false, why })) },
	);
}

/** Valid and hostile leads, about two valid for one invalid. */
export function leadArb(context: LeadContext): fc.Arbitrary<GeneratedLead> {
	return fc.oneof(
		{ weight: 2, arbitrary: validLead(context).map(({ body, texts }): GeneratedLead => ({ body, valid: true, why: 'valid', texts })) },
		{ weight: 1, arbitrary: invalidLead(context) },
	);
}

/** Check Sellable questions: valid postcode and worktype spellings, and hostile ones. */
export function questionArb(): fc.Arbitrary<{ body: unknown; valid: boolean; why: string }> {
	const valid = fc.record({ zipcode: ZIPCODE, worktype: WORKTYPE }).map((body) => ({ body, valid: true, why: 'valid' }));
	// Numbers can be valid postcodes (1000–99999) and worktype codes: the hostile texts minus numbers.
	const hostile = badText(20, false)
		.map(([value]) => value)
		.filter((value) => typeof value !== 'number');
	const badZip = fc
		.oneof(hostile, fc.constantFrom<unknown>('1234', 'ABCDE', null, '', 999, 100000, 75001.5, -75001))
		.map((zipcode) => ({ body: { zipcode, worktype: '69' }, valid: false, why: `zipcode ${String(zipcode).slice(0, 20)}` }));
	const badWorktype = fc
		.oneof(hostile, fc.constantFrom<unknown>('99999', null, '', 'Plomberie galactique', 69.5, -69, 100000))
		.map((worktype) => ({ body: { zipcode: '78180', worktype }, valid: false, why: `worktype ${String(worktype).slice(0, 20)}` }));
	return fc.oneof({ weight: 2, arbitrary: valid }, { weight: 1, arbitrary: badZip }, { weight: 1, arbitrary: badWorktype });
}
