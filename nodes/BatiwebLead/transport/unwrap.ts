/**
 * Finds Batiweb's answer in what a PHP service sends when its error display is on (the
 * Batiweb digest's point 11; docs/reliability.md, "Answers inside PHP's output", gives the rule
 * with examples). The whole rule, applied to the body's text:
 *
 *   BOM? (SPACE | DIAGNOSTIC)* OBJECT (SPACE | COMMENT)*
 *
 * - BOM: one UTF-8 byte order mark (U+FEFF);
 * - SPACE: spaces, tabs, line breaks;
 * - DIAGNOSTIC: one notice, warning or deprecation line exactly as PHP displays it, either
 *   HTML (`<br />\n<b>Notice</b>:  … in <b>FILE</b> on line <b>87</b><br />`, html_errors on)
 *   or text (`Deprecated: … in FILE on line 41`, on its own line, optionally "PHP "-prefixed);
 *   the kinds are Notice, Warning, Deprecated (a fatal or parse error stops the script: no
 *   answer follows it);
 * - OBJECT: one JSON object, from its `{` to the matching `}`, that JSON.parse accepts;
 * - COMMENT: one HTML comment, `<!--` … `-->`.
 * Anything else (a second object, an array, any other text before or after) does not match, and
 * the answer stays unreadable: no code is ever guessed from a page that holds more than that.
 * Each step moves forward through the text and never comes back, so the cost is linear in the
 * text's length (the regular expressions below are anchored and cannot backtrack far: their
 * free parts exclude the character that ends them).
 */

export interface Unwrapped {
	/** The answer object, parsed. */
	value: Record<string, unknown>;
	/** What came before it (BOM excluded), and after it, as sent; empty when nothing. */
	before: string;
	after: string;
	/** The kinds of the diagnostics before it, in order ("Notice", "Deprecated"…). */
	diagnostics: string[];
}

const BOM = '\uFEFF';

/** PHP's html_errors display: `<br />\n<b>Kind</b>:  message in <b>file</b> on line <b>n</b><br />`. */
const HTML_DIAGNOSTIC = /<br \/>\r?\n<b>(Notice|Warning|Deprecated)<\/b>: +[^<\n]* in <b>[^<\n]*<\/b> on line <b>\d{1,9}<\/b><br \/>/y;

/** PHP's text display, one line: `Kind: message in file on line n` (the file is the last " in "). */
const TEXT_DIAGNOSTIC = /^(?:PHP )?(Notice|Warning|Deprecated): +\S.* on line \d{1,9}[ \t]*$/;

function isSpace(character: string | undefined): boolean {
	return character === ' ' || character === '\t' || character === '\n' || character === '\r';
}

function skipSpace(text: string, at: number): number {
	while (isSpace(text[at])) at++;
	return at;
}

/** A diagnostic starting at `at` (after spaces): its kind and where it ends, or undefined. */
function diagnosticAt(text: string, at: number): { kind: string; end: number } | undefined {
	if (text.startsWith('<br />', at)) {
		HTML_DIAGNOSTIC.lastIndex = at;
		const match = HTML_DIAGNOSTIC.exec(text);
		return match ? { kind: match[1], end: HTML_DIAGNOSTIC.lastIndex } : undefined;
	}
	// A text diagnostic is a whole line: it starts a line and runs to its end.
	if (at > 0 && text[at - 1] !== '\n') return undefined;
	const lineEnd = text.indexOf('\n', at);
	const end = lineEnd < 0 ? text.length : lineEnd;
	const line = text.slice(at, end).replace(/\r$/, '');
	const match = TEXT_DIAGNOSTIC.exec(line);
	if (!match || line.lastIndexOf(' in ') < 0) return undefined;
	return { kind: match[1], end };
}

/** The index just after the JSON object starting at `at` (its matching `}`), or -1. */
function objectEnd(text: string, at: number): number {
	let depth = 0;
	let inString = false;
	for (let index = at; index < text.length; index++) {
		const character = text[index];
		if (inString) {
			if (character === '\\') index++;
			else if (character === '"') inString = false;
		} else if (character === '"') inString = true;
		else if (character === '{' || character === '[') depth++;
		else if (character === '}' || character === ']') {
			depth--;
			if (depth === 0) return character === '}' ? index + 1 : -1;
		}
	}
	return -1;
}

/** Only spaces and HTML comments from `at` to the end. */
function onlyTrailer(text: string, at: number): boolean {
	for (let index = skipSpace(text, at); index < text.length; index = skipSpace(text, index)) {
		if (!text.startsWith('<!--', index)) return false;
		const close = text.indexOf('-->', index + 4);
		if (close < 0) return false;
		index = close + 3;
	}
	return true;
}

function parseObject(json: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(json);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The answer object inside `text` by the rule above, or undefined when the text does not follow
 * it. A clean answer (nothing around it but spaces) comes back with empty `before` and `after`.
 */
export function unwrapAnswer(text: string): Unwrapped | undefined {
	const origin = text.startsWith(BOM) ? 1 : 0;
	// The usual case first: nothing around the object but spaces (JSON.parse allows exactly those).
	const clean = skipSpace(text, origin);
	if (text[clean] === '{' && text.endsWith('}', text.trimEnd().length)) {
		const value = parseObject(origin === 0 ? text : text.slice(origin));
		if (value) return { value, before: '', after: '', diagnostics: [] };
	}
	const diagnostics: string[] = [];
	let at = skipSpace(text, origin);
	for (let found = diagnosticAt(text, at); found; found = diagnosticAt(text, at)) {
		diagnostics.push(found.kind);
		at = skipSpace(text, found.end);
	}
	if (text[at] !== '{') return undefined;
	const end = objectEnd(text, at);
	if (end < 0 || !onlyTrailer(text, end)) return undefined;
	const value = parseObject(text.slice(at, end));
	if (!value) return undefined;
	return { value, before: text.slice(origin, at).trim(), after: text.slice(end).trim(), diagnostics };
}
