/**
 * Removes the credential's password from any text that came from outside (answers, error texts).
 * A server echoing the request may write it escaped: JSON (`\"`, `\\`, `\/` as PHP writes it,
 * `\u00e9`, escaped twice when the echo is itself inside JSON), HTML (`&quot;`, `&#39;`) or
 * percent-encoded. Each character of the password is matched in any of those spellings.
 * Texts are always redacted whole, before any cut, so no piece of a password can straddle a cut.
 */
export type Redact = (text: string) => string;

export const MASK = '***';

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Hex digits in either case: `\u00E9` and `\u00e9` are the same character. */
function anyCaseHex(value: number, width: number): string {
	return [...value.toString(16).padStart(width, '0')].map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join('');
}

const HTML_NAMES: Record<string, string[]> = {
	'&': ['amp'],
	'<': ['lt'],
	'>': ['gt'],
	'"': ['quot'],
	"'": ['apos', '#39'],
};

const SHORT_ESCAPES: Record<string, string> = { '\n': 'n', '\r': 'r', '\t': 't', '\b': 'b', '\f': 'f' };

/** Every spelling of one character (a code point) in the texts a server may echo. */
function characterPattern(character: string): string {
	const units = [...Array(character.length).keys()].map((index) => character.charCodeAt(index));
	const codePoint = character.codePointAt(0)!;
	const utf8 = [...new TextEncoder().encode(character)];
	const forms = [
		escapeRegex(character),
		// JSON's \uXXXX, surrogate pairs for characters beyond the BMP.
		units.map((unit) => `\\\\+u${anyCaseHex(unit, 4)}`).join(''),
		`&#0*${codePoint};`,
		`&#[xX]0*${anyCaseHex(codePoint, 1)};`,
		utf8.map((byte) => `%${anyCaseHex(byte, 2)}`).join(''),
		...(HTML_NAMES[character] ?? []).map((name) => `&${name};`),
		...(SHORT_ESCAPES[character] ? [`\\\\${SHORT_ESCAPES[character]}`] : []),
		...(character === ' ' ? ['\\+'] : []),
	];
	// Any number of escaping backslashes before it, as is or percent-encoded (`\"`, `\\\"`, `%5C%22`).
	return `(?:\\\\|%5[cC])*(?:${forms.join('|')})`;
}

/**
 * A redactor for one password. Passwords shorter than 3 characters are not searched for: they
 * would mask random parts of every text and protect nothing.
 */
export function redactor(password: string): Redact {
	if ([...password].length < 3) return maskPasswordValues;
	const pattern = new RegExp([...password].map(characterPattern).join(''), 'g');
	return (text) => maskPasswordValues(text.replace(pattern, MASK));
}

/**
 * Second line of defence: whatever follows a `password` key (JSON, PHP's print_r `=>`, a form)
 * is masked up to the next delimiter, so an echo the server cut or altered shows no piece of it.
 */
const PASSWORD_VALUE =
	/(password(?:\\*["']|&quot;|&#0*3[49];)?\s*(?::|=>|=&gt;|=|\]\s*=>)\s*(?:\\*["']|&quot;|&#0*3[49];)?)((?:(?!\\*["']|&quot;|&#0*3[49];)[^\s,}<])+)/gi;

export function maskPasswordValues(text: string): string {
	return text.replace(PASSWORD_VALUE, (_, key: string) => `${key}${MASK}`);
}

/** Applies a redactor to every string inside a value (answers, outcomes). */
export function redactDeep(value: unknown, redact: Redact): unknown {
	if (typeof value === 'string') return redact(value);
	if (Array.isArray(value)) return value.map((entry) => redactDeep(entry, redact));
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, redactDeep(entry, redact)]));
	}
	return value;
}
