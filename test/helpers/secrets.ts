/**
 * Collects everything the node produced in a test file (output items, node errors, the run data
 * n8n would save, the sandbox's record) so that one check at the end of the file can say that
 * no password appears anywhere in it. Jest gives every test file its own module registry, so the
 * collection is per file.
 */
import { inspect } from 'node:util';

import { DEFAULT_ACCOUNTS, type Sandbox } from '../../sandbox';

/** Every password the suite uses: the sandbox's accounts, and the wrong ones tests send. */
export const KNOWN_PASSWORDS = new Set<string>(DEFAULT_ACCOUNTS.map((account) => account.password));

export function usePassword(password: string): string {
	KNOWN_PASSWORDS.add(password);
	return password;
}

const produced: string[] = [];

/** Adds something the node produced (or that came out of a run) to the file's collection. */
export function remember(label: string, value: unknown): void {
	let text: string;
	try {
		text = typeof value === 'string' ? value : JSON.stringify(value);
	} catch {
		text = inspect(value, { depth: 20 });
	}
	produced.push(`${label}: ${text}`);
	// Errors keep their message and stack out of JSON: add them explicitly.
	if (value instanceof Error) produced.push(`${label} (error): ${value.message}\n${value.stack ?? ''}\n${inspect(value, { depth: 8 })}`);
}

export function producedCount(): number {
	return produced.length;
}

/** JSON's escaping of a text inside a string, applied `times` times. */
function escaped(text: string, times: number): string {
	let result = text;
	for (let i = 0; i < times; i++) result = JSON.stringify(result).slice(1, -1);
	return result;
}

/**
 * The forms in which a password shows in collected text: as typed, and JSON-escaped once or
 * twice (collected values are JSON texts, and a leaked echo of a request body is escaped already).
 */
export function passwordForms(password: string): string[] {
	return [...new Set([0, 1, 2].map((times) => escaped(password, times)))];
}

/** The passwords found in what was collected, with where (empty when none). */
export function leakedPasswords(): string[] {
	const leaks: string[] = [];
	for (const password of KNOWN_PASSWORDS) {
		for (const text of produced) {
			if (passwordForms(password).some((form) => text.includes(form))) leaks.push(`"${password}" in ${text.slice(0, 300)}`);
		}
	}
	return leaks;
}

/**
 * Registers the file's checks: after each test, the sandbox's record joins the collection; after
 * all, the collection must be non-empty and hold no password.
 */
export function guardPasswords(sandbox?: () => Sandbox | undefined): void {
	afterEach(() => {
		const current = sandbox?.();
		if (current) remember('sandbox record', current.requests());
	});
	afterAll(() => {
		expect(producedCount()).toBeGreaterThan(0);
		expect(leakedPasswords()).toEqual([]);
	});
}
