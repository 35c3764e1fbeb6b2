import type { z } from 'zod';

/** A bad option, config file, rule set or fault spec. The message names the key at fault. */
export class SandboxConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SandboxConfigError';
	}
}

/** `rules.notSellableWorktypes[1]` from ['rules', 'notSellableWorktypes', 1]. */
export function formatPath(path: readonly (string | number)[]): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else out += out === '' ? part : `.${part}`;
	}
	return out;
}

/** One line per problem, each naming its key, e.g. `rules.duplicateWindowDays: Expected number, received string`. */
export function formatZodError(error: z.ZodError, prefix: readonly (string | number)[] = []): string {
	return error.issues
		.map((issue) => {
			const path = [...prefix, ...issue.path];
			if (issue.code === 'unrecognized_keys') {
				return issue.keys
					.map((key) => `${formatPath([...path, key])}: unknown key`)
					.join('\n');
			}
			const where = path.length > 0 ? formatPath(path) : '(top level)';
			return `${where}: ${issue.message}`;
		})
		.join('\n');
}

/** Parses with a zod schema, or throws a {@link SandboxConfigError} naming the keys at fault. */
export function parseOrThrow<T extends z.ZodTypeAny>(
	schema: T,
	input: unknown,
	what: string,
	prefix: readonly (string | number)[] = [],
): z.output<T> {
	const result = schema.safeParse(input);
	if (!result.success) {
		throw new SandboxConfigError(`Invalid ${what}:\n${formatZodError(result.error, prefix)}`);
	}
	return result.data as z.output<T>;
}
