/**
 * Removes the credential's password from any text that came from outside (answers, error texts).
 * A server echoing the request may write it escaped: JSON (`\"`, `\\`, `\/` as PHP writes it,
 * `\u00e9`, escaped twice when the echo is itself inside JSON), HTML (`&quot;`, `&#39;`) or
 * percent-encoded. Each character of the password is matched in any of those spellings.
 * Texts are always redacted whole, before any cut, so no piece of a password can straddle a cut.
 */
import { TOKEN_FORMAT } from '../catalog/codes';

export type Redact = (text: string) => string;

export const MASK = '***';

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Hex digits in either case: `\u00E9` and `\u00e9` are the same character. */
function anyCaseHex(value: number, width: number): string {
	return [...value.toString(16).padStart(width, '0')].map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join('');
}

const HTML_NAMES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;' };

const SHORT_ESCAPES: Record<string, string> = { '\n': 'n', '\r': 'r', '\t': 't', '\b': 'b', '\f': 'f' };

/** One backslash, as is or percent-encoded. */
const BACKSLASH = '(?:\\\\|%5[cC])';

function backslashes(count: number): string {
	return count === 0 ? '' : `${BACKSLASH}{${count}}`;
}

/**
 * Every spelling of one character (a code point) at one JSON escaping depth: depth 0 is the
 * text as typed, 1 inside a JSON string, 2 inside a JSON string inside a JSON string, and so on.
 */
function characterPattern(character: string, depth: number): string {
	const units = [...Array(character.length).keys()].map((index) => character.charCodeAt(index));
	const codePoint = character.codePointAt(0)!;
	const utf8 = [...new TextEncoder().encode(character)];
	const escape = 2 ** depth - 1;
	const forms = [
		`&#0*${codePoint};`,
		`&#[xX]0*${anyCaseHex(codePoint, 1)};`,
		utf8.map((byte) => `%${anyCaseHex(byte, 2)}`).join(''),
	];
	if (character === '\\') forms.push(backslashes(2 ** depth));
	else if (character === '"') forms.push(`${backslashes(escape)}(?:"|&quot;)`);
	// PHP escapes "/" at whichever depth it wrote the JSON: any count of 2^k - 1 up to this depth.
	else if (character === '/') forms.push(`(?:${[...Array(depth + 1).keys()].map((k) => backslashes(2 ** k - 1)).join('|')})/`);
	else forms.push(escapeRegex(character));
	if (HTML_NAMES[character]) forms.push(HTML_NAMES[character], '&#0*39;');
	if (depth > 0) {
		// JSON's \uXXXX (surrogate pairs beyond the BMP) and short escapes, written at any depth.
		const lead = `(?:${[...Array(depth).keys()].map((k) => backslashes(2 ** k)).join('|')})`;
		forms.push(units.map((unit) => `${lead}u${anyCaseHex(unit, 4)}`).join(''));
		if (SHORT_ESCAPES[character]) forms.push(`${lead}${SHORT_ESCAPES[character]}`);
	}
	if (character === ' ') forms.push('\\+');
	return `(?:${forms.join('|')})`;
}

/** How many JSON escapings deep an echo may be searched for (an echo of an echo of JSON). */
const DEPTHS = [3, 2, 1, 0];

/**
 * A redactor for one password. Passwords shorter than 3 characters are not searched for: they
 * would mask random parts of every text and protect nothing.
 */
export function redactor(password: string): Redact {
	if ([...password].length < 3) return maskPasswordValues;
	const characters = [...password];
	const pattern = new RegExp(DEPTHS.map((depth) => characters.map((character) => characterPattern(character, depth)).join('')).join('|'), 'g');
	// Every spelling starts with the first character, a backslash, "&" or "%": most texts (tokens,
	// codes, messages) hold none of them and skip the search.
	const first = characters[0];
	const mayHold = (text: string) => text.includes(first) || /[\\&%]/.test(text);
	return (text) => maskPasswordValues(mayHold(text) ? text.replace(pattern, MASK) : text);
}

/**
 * Second line of defence: whatever follows a `password` key (JSON, PHP's print_r `=>`, a form)
 * is masked up to the next delimiter, so an echo the server cut or altered shows no piece of it.
 * The value stops before a quote, escaped or not, or a quote's HTML entity. Written so that no
 * part can be read two ways (a run of backslashes is taken whole, and only when no quote follows
 * it): one pass, linear in the text's length. (A lookahead for "backslashes then a quote" at each
 * character scanned the whole run each time: 200,000 backslashes stalled the event loop.)
 */
const PASSWORD_VALUE =
	/(password(?:\\*["']|&quot;|&#0*3[49];)?\s*(?::|=>|=&gt;|=|\]\s*=>)\s*(?:\\*["']|&quot;|&#0*3[49];)?)((?:[^\s,}<\\"'&]|\\+(?![\\"'])|&(?!quot;|#0*3[49];))+)/gi;

export function maskPasswordValues(text: string): string {
	if (!/password/i.test(text)) return text;
	return text.replace(PASSWORD_VALUE, (_, key: string) => `${key}${MASK}`);
}

/**
 * Values whose documented format leaves no room for an echo: Batiweb's own numbers, token and
 * dates (doc, "Connectivité IMPORT" and "Connectivité STATUS"; the Status table). The partner's
 * own lead ID is free text (any letters: a server may echo the password there). A value in
 * its format is never altered, even when a short password happens to be inside it (`2024` in a
 * date); a value out of its format is free text, redacted like any other.
 */
const DIGITS = /^\d{1,20}$/;
const DATE = /^(?:\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{2}\/\d{2}\/\d{4}(?: \d{2}:\d{2}(?::\d{2})?)?)$/;
export const DOCUMENTED_FORMATS: Readonly<Record<string, RegExp>> = {
	code: DIGITS,
	id: DIGITS,
	status: DIGITS,
	token: TOKEN_FORMAT,
	date: DATE,
	dateRaw: DATE,
};

function inDocumentedFormat(key: string, value: string): boolean {
	return Object.hasOwn(DOCUMENTED_FORMATS, key) && DOCUMENTED_FORMATS[key].test(value);
}

/**
 * Applies a redactor to every string inside a value (answers, outcomes), except the values in
 * their documented format above.
 */
export function redactDeep(value: unknown, redact: Redact, key = ''): unknown {
	if (typeof value === 'string') return inDocumentedFormat(key, value) ? value : redact(value);
	if (Array.isArray(value)) return value.map((entry) => redactDeep(entry, redact));
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, redactDeep(entry, redact, name)]));
	}
	return value;
}
