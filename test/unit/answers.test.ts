/**
 * Answers as a PHP service sends them (issue 18; transport/unwrap.ts holds the rule): a correct
 * answer inside PHP's notices, warnings, deprecation lines, a BOM or a trailing HTML comment is
 * read as that answer, with a short redacted warning; anything else stays unreadable.
 */
import fc from 'fast-check';

import { readHttpAnswer } from '../../nodes/BatiwebLead/transport/reading';
import { redactor } from '../../nodes/BatiwebLead/transport/redact';
import { unwrapAnswer } from '../../nodes/BatiwebLead/transport/unwrap';
import { passwordPieces, phpEscape } from '../hostile/server';

const ANSWER = '{"code":0,"message":"Lead correctly imported","id":1000001,"token":"' + 'ab12'.repeat(32) + '"}';
const HTML_NOTICE = '<br />\n<b>Notice</b>:  Undefined index: budget in <b>/var/www/json/lead/import.php</b> on line <b>87</b><br />\n';
const HTML_WARNING = '<br />\n<b>Warning</b>:  Undefined array key "budget" in <b>/var/www/json/lead/import.php</b> on line <b>12</b><br />\n';
const TEXT_DEPRECATED = '\nDeprecated: Function utf8_encode() is deprecated in /var/www/json/lead/import.php on line 41\n';

const WRAPPED: Array<[string, string]> = [
	['a byte order mark', `\uFEFF${ANSWER}`],
	["PHP's HTML notice before", `${HTML_NOTICE}${ANSWER}`],
	["PHP's HTML notice and warning before", `${HTML_NOTICE}${HTML_WARNING}${ANSWER}`],
	["PHP's text deprecation line before", `${TEXT_DEPRECATED}${ANSWER}`],
	['"PHP "-prefixed text warning before', `PHP Warning:  Undefined variable $x in /var/www/a.php on line 3\n${ANSWER}`],
	['an HTML comment after', `${ANSWER}\n<!-- 0.012s -->`],
	['a BOM, a notice, and two comments after', `\uFEFF${HTML_NOTICE}${ANSWER}<!-- a -->\n<!-- b -->\n`],
];

describe('an answer inside PHP output', () => {
	it.each(WRAPPED)('%s: read as the answer, with its token', (_, text) => {
		const reading = readHttpAnswer(200, {}, text);
		expect(reading).toMatchObject({ type: 'answer', code: 0, body: { id: 1000001, token: 'ab12'.repeat(32) } });
	});

	it('the warning names what surrounded the answer, redacted and short', () => {
		const password = 'S3cr-et!pw';
		const notice = `<br />\n<b>Notice</b>:  Undefined index: ${password} ${'x'.repeat(400)} in <b>/var/www/a.php</b> on line <b>9</b><br />\n`;
		const reading = readHttpAnswer(200, {}, `${notice}${ANSWER}<!-- 0.012s -->`, undefined, { redact: redactor(password) });
		if (reading.type !== 'answer') throw new Error(reading.type);
		expect(reading.wrapping).toContain('1 PHP Notice');
		expect(reading.wrapping).toContain('<!-- 0.012s -->');
		expect(reading.wrapping).not.toContain(password);
		expect(reading.wrapping!.length).toBeLessThan(400);
	});

	it('a clean answer carries no warning', () => {
		expect(readHttpAnswer(200, {}, ` ${ANSWER}\n`)).not.toHaveProperty('wrapping');
	});

	it.each([
		['two answer objects', `${ANSWER}${ANSWER}`],
		['an object then text', `${ANSWER} done`],
		['text then an object', `Result: ${ANSWER}`],
		['a fatal error then an object', `<br />\n<b>Fatal error</b>:  Uncaught Error in <b>/var/www/a.php</b> on line <b>3</b><br />\n${ANSWER}`],
		['an HTML page holding an object', `<html><body>${ANSWER}</body></html>`],
		['an array', `[${ANSWER}]`],
		['an unclosed comment after', `${ANSWER}<!-- 0.012s`],
		['a notice cut short', `<br />\n<b>Notice</b>:  Undefined index: budget${ANSWER}`],
		['a notice not on its own line', `x Notice: a in b on line 3\n${ANSWER}`],
	])('%s: unreadable, no code guessed', (_, text) => {
		expect(unwrapAnswer(text)).toBeUndefined();
		expect(readHttpAnswer(200, {}, text)).toMatchObject({ type: 'unreadable' });
	});

	it('an object inside a string of another object is not taken for the answer', () => {
		expect(unwrapAnswer(`{"page":"${ANSWER.replace(/"/g, '\\"')}"} trailing`)).toBeUndefined();
	});
});

describe('redaction of answers', () => {
	it('a password found inside documented-format values leaves them unchanged; free text is redacted', () => {
		const redact = redactor('2024');
		const body = JSON.stringify({ code: 0, id: '20241', token: `2024${'f'.repeat(124)}`, status: '2024', date: '2024-05-02 10:20:24', supplierLeadId: 'CRM-2024-17', message: 'the lead 2024 was read' });
		const reading = readHttpAnswer(200, {}, body, undefined, { redact });
		expect(reading).toMatchObject({
			type: 'answer',
			body: { id: '20241', token: `2024${'f'.repeat(124)}`, status: '2024', date: '2024-05-02 10:20:24', supplierLeadId: 'CRM-***-17', message: 'the lead *** was read' },
		});
	});

	it('a value out of its documented format is free text, redacted', () => {
		const reading = readHttpAnswer(200, {}, JSON.stringify({ code: 0, token: 'not a token: 2024', date: 'on 2024' }), undefined, { redact: redactor('2024') });
		expect(reading).toMatchObject({ type: 'answer', body: { token: 'not a token: ***', date: 'on ***' } });
	});
});

describe('property: random passwords in random answers', () => {
	const passwords = fc.oneof(
		fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 3, maxLength: 6 }),
		fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 5, maxLength: 32 }),
		fc.string({ unit: fc.constantFrom('"', "'", '\\', 'a', '1', 'é', '€', '中', '😀', ' '), minLength: 3, maxLength: 12 }),
	);
	// Free text from letters a password of these kinds mostly lacks; the echo is placed into it.
	const filler = fc.string({ unit: fc.constantFrom(...'ghijklmnopqrstuvwxyz .,:'), maxLength: 40 });
	const spellings: Array<(password: string) => string> = [
		(p) => p,
		(p) => JSON.stringify(p).slice(1, -1),
		(p) => phpEscape(p),
		(p) => p.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
		(p) => encodeURIComponent(p),
	];
	const DATE = fc.constantFrom('2024-05-02', '2024-05-02 10:20:24', '02/05/2024', '2023-12-31T23:59:59Z');

	it('no 5-character piece of the password in any free text; documented-format values unchanged', () => {
		fc.assert(
			fc.property(
				passwords,
				fc.record({ id: fc.integer({ min: 1, max: 1e9 }).map(String), token: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 128, maxLength: 128 }), status: fc.integer({ min: 0, max: 99 }).map(String), date: DATE }),
				fc.array(fc.tuple(filler, fc.nat(spellings.length - 1), filler), { minLength: 1, maxLength: 3 }),
				(password, formatted, echoes) => {
					const free = echoes.map(([before, spelling, after]) => `${before}${spellings[spelling](password)}${after}`);
					fc.pre(passwordPieces(password).every((piece) => !echoes.some(([b, , a]) => `${b}|${a}`.includes(piece))));
					const answer = { code: '0', ...formatted, message: free[0], comment: free.slice(1) };
					const reading = readHttpAnswer(200, {}, JSON.stringify(answer), undefined, { redact: redactor(password) });
					if (reading.type !== 'answer') throw new Error(reading.type);
					const { message, comment, ...kept } = reading.body;
					expect(kept).toEqual({ code: '0', ...formatted });
					for (const text of [message, ...(comment as string[])] as string[]) {
						for (const piece of passwordPieces(password)) expect(text).not.toContain(piece);
					}
				},
			),
			{ numRuns: 400 },
		);
	});
});
