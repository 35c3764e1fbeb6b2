/**
 * Redaction of echoed passwords (docs/reliability.md): whole text first, then the cut; every
 * escaped form a JSON, PHP or HTML page writes. The property: for any password and any offset
 * of the echo around the 200-character cut, the redacted page is exactly the page that would
 * have echoed "***" instead, so no piece of the password can remain.
 */
import fc from 'fast-check';

import { readHttpAnswer } from '../../nodes/BatiwebLead/transport/reading';
import { MASK, redactor } from '../../nodes/BatiwebLead/transport/redact';
import { echoPage, leakedPieces } from '../hostile/server';

const FORMATS = ['html', 'json-message', 'json-object', 'php-escaped', 'print-r'];

function envelope(password: string): string {
	return JSON.stringify({ security: { login: 'partner', password, environment: 'PREP' }, request: { zipcode: '75001', worktype: '69' } });
}

const SPECIAL = ['"', "'", '\\', '/', '<', '>', '&', ' ', ':', ',', '}', '%', '\n', '\t', 'é', '€', 'ß', '中', '😀', '\u0001', '\u2028'];
const passwords = fc.oneof(
	fc.string({ unit: fc.constantFrom(...SPECIAL, 'a', 'Z', '7', '#', '$'), minLength: 3, maxLength: 40 }),
	fc.string({ unit: 'binary', minLength: 3, maxLength: 40 }),
	fc.string({ unit: 'grapheme-ascii', minLength: 100, maxLength: 300 }),
	fc.string({ unit: fc.constantFrom('a', 'b', '"', '\\'), minLength: 3, maxLength: 5 }),
);

describe('redactor', () => {
	it('masks the password in every escaped form', () => {
		const password = 'p"a\\s/s é😀';
		const redact = redactor(password);
		for (const form of ['p"a\\s/s é😀', 'p\\"a\\\\s/s é😀', 'p\\"a\\\\s\\/s \\u00e9\\ud83d\\ude00', 'p\\u0022a\\u005Cs/s \\u00E9😀', 'p&quot;a\\s/s &#233;&#x1F600;', 'p%22a%5Cs%2Fs%20%C3%A9%F0%9F%98%80', 'p\\\\\\"a\\\\\\\\s\\\\\\/s é😀']) {
			expect(redact(`before ${form} after`)).toBe(`before ${MASK} after`);
		}
	});

	it('masks whatever follows a password key, even a piece of the password the server cut', () => {
		const redact = redactor('Zx9#Qw4!Lk7');
		expect(redact('{"password":"Zx9#Q')).toBe(`{"password":"${MASK}`);
		expect(redact('[password] => Zx9#Qw')).toBe(`[password] => ${MASK}`);
		expect(redact('&quot;password&quot;:&quot;Zx9#Qw4')).toBe(`&quot;password&quot;:&quot;${MASK}`);
	});

	it('leaves texts without the password as they are', () => {
		expect(redactor('secret-1')('Missing password')).toBe('Missing password');
	});

	it('property: for any password, format and offset around the cut, no piece of the password is left', () => {
		/** Pieces found in `text` that the page echoing the mask does not hold anyway (its own JSON, tags). */
		const newPieces = (password: string, text: string, reference: string) => {
			const structural = new Set(leakedPieces(password, reference));
			return leakedPieces(password, text).filter((piece) => !structural.has(piece));
		};
		fc.assert(
			fc.property(passwords, fc.constantFrom(...FORMATS), fc.integer({ min: 0, max: 420 }), (password, format, offset) => {
				const page = echoPage(format, envelope(password), offset).body;
				const expected = echoPage(format, envelope(MASK), offset).body;
				const redacted = redactor(password)(page);
				expect(newPieces(password, redacted, expected)).toEqual([]);
				// Without quotes or backslashes the alignment is unambiguous: exactly the mask's page.
				if (!/["\\]/.test(password)) expect(redacted).toBe(expected);
				const reading = readHttpAnswer(500, {}, page, undefined, { redact: redactor(password) });
				const bodyStart = reading.type === 'http-error' ? reading.bodyStart : '';
				expect(bodyStart.length).toBeLessThanOrEqual(201);
				expect(newPieces(password, bodyStart, expected)).toEqual([]);
			}),
			{ numRuns: 250 },
		);
	});
});
