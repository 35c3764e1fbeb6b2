/**
 * Normalisers for the values that come in many spellings. Each returns the value the service
 * takes, or undefined when the input cannot be read as one (the schema then reports the rule).
 */

/**
 * A French phone number in national form, "0612345678". Accepts spaces, dots, dashes and
 * brackets, and the international forms +33 6…, 0033 6… and +33 (0)6….
 */
export function normalisePhone(input: string): string | undefined {
	let digits = input.replace(/[\s.\-()/]/g, '');
	if (digits.startsWith('+33')) digits = digits.slice(3);
	else if (digits.startsWith('0033')) digits = digits.slice(4);
	else return /^0[1-9]\d{8}$/.test(digits) ? digits : undefined;
	// International form: drop the "(0)" some people write after the country code.
	if (digits.length === 10 && digits.startsWith('0')) digits = digits.slice(1);
	return /^[1-9]\d{8}$/.test(digits) ? `0${digits}` : undefined;
}

/**
 * A postcode as the 5-digit text the service takes. A number of 4 digits is a postcode whose
 * leading zero a spreadsheet or a JSON number dropped (1000 is 01000), so it is padded.
 */
export function normaliseZipcode(input: string | number): string | undefined {
	if (typeof input === 'number') {
		if (!Number.isInteger(input) || input < 1000 || input > 99999) return undefined;
		return String(input).padStart(5, '0');
	}
	const text = input.trim();
	return /^\d{5}$/.test(text) ? text : undefined;
}

// C0 controls and DEL, except tab and line breaks which multi-line fields may hold.
function hasControlChar(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 0x7f || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)) return true;
	}
	return false;
}
const LINE_BREAKS = /[\r\n\t]/;

/** Why a text breaks our rules, or undefined when it is fine. */
export function textProblem(text: string, maxLength: number, multiline: boolean): string | undefined {
	if (hasControlChar(text)) return 'must not contain control characters';
	if (!multiline && LINE_BREAKS.test(text)) return 'must be a single line (no line breaks or tabs)';
	// Count characters as people see them, not UTF-16 units (an emoji is one character).
	if ([...text].length > maxLength) return `must be at most ${maxLength} characters`;
	return undefined;
}
