/** The normalisers: phone numbers, postcodes and texts. */
import fc from 'fast-check';

import { MOBILE_WRITINGS } from '../../harness/fixtures';
import { normalisePhone, normaliseZipcode, textProblem } from '../../nodes/BatiwebLead/validation/normalise';

describe('normalisePhone', () => {
	it.each(MOBILE_WRITINGS)('reads %j as 0612345678', (input) => {
		expect(normalisePhone(input)).toBe('0612345678');
	});

	it.each([
		['+33 1 77 78 10 00', '0177781000'],
		['01 77 78 10 00', '0177781000'],
		['+33 9 70 00 00 00', '0970000000'],
	])('reads the landline %j as %s', (input, expected) => {
		expect(normalisePhone(input)).toBe(expected);
	});

	it.each([
		'+44 20 7946 0958',
		'+32 470 12 34 56',
		'0044 20 7946 0958',
		'+1 212 555 0100',
		'+333612345678',
		'06 12 34 56',
		'0612345',
		'06123456789',
		'+33 6 12 34 56',
		'+33 6 12 34 56 789',
		'+33 0 12 34 56 78',
		'0012345678',
		'6 12 34 56 78',
		'06 12 34 56 7a',
		'',
		'+33',
		'0612345678 ext 2',
	])('refuses %j', (input) => {
		expect(normalisePhone(input)).toBeUndefined();
	});

	it('gives the national form for any French number written in the international forms', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }), fc.constantFrom('+33', '0033', '+33 (0)', '+33(0)'), fc.constantFrom('', ' ', '.', '-'), (first, rest, prefix, separator) => {
				const digits = `${first}${rest.join('')}`;
				const pairs = [digits[0], ...digits.slice(1).match(/../g)!];
				expect(normalisePhone(`${prefix}${separator === '' ? '' : ' '}${pairs.join(separator)}`)).toBe(`0${digits}`);
			}),
		);
	});

	it('is idempotent: its output reads as itself', () => {
		fc.assert(
			fc.property(fc.string({ unit: fc.constantFrom('0', '1', '6', '7', '9', '3', '+', ' ', '.', '(', ')') }), (input) => {
				const once = normalisePhone(input);
				if (once !== undefined) {
					expect(once).toMatch(/^0[1-9]\d{8}$/);
					expect(normalisePhone(once)).toBe(once);
				}
			}),
		);
	});
});

describe('normaliseZipcode', () => {
	it.each([
		['01000', '01000'],
		[' 06000 ', '06000'],
		['75001', '75001'],
		[1000, '01000'],
		[6000, '06000'],
		[75001, '75001'],
		[99999, '99999'],
	] as Array<[string | number, string]>)('reads %j as %s', (input, expected) => {
		expect(normaliseZipcode(input)).toBe(expected);
	});

	it.each(['1000', '750011', '7500', '2A004', '75 001', '', '0x1F4', '1e4', 999, 100000, 1000.5, -1000, Number.NaN])('refuses %j', (input) => {
		expect(normaliseZipcode(input)).toBeUndefined();
	});
});

describe('textProblem', () => {
	it('accepts a text up to its limit, counting characters as people see them', () => {
		expect(textProblem('x'.repeat(100), 100, false)).toBeUndefined();
		expect(textProblem('é'.repeat(100), 100, false)).toBeUndefined();
		expect(textProblem('😀'.repeat(100), 100, false)).toBeUndefined();
		expect(textProblem('x'.repeat(101), 100, false)).toBe('must be at most 100 characters');
	});

	it.each(['\u0000', '\u0007', '\u001b', '\u007f', '\u000b', '\u000c'])('refuses the control character %j anywhere', (control) => {
		expect(textProblem(`a${control}b`, 100, true)).toBe('must not contain control characters');
		expect(textProblem(`a${control}b`, 100, false)).toBe('must not contain control characters');
	});

	it.each(['\n', '\r', '\t', '\r\n'])('allows %j only in multi-line fields', (lineBreak) => {
		expect(textProblem(`a${lineBreak}b`, 100, true)).toBeUndefined();
		expect(textProblem(`a${lineBreak}b`, 100, false)).toBe('must be a single line (no line breaks or tabs)');
	});
});
