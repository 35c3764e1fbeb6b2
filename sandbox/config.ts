import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { DEFAULT_ACCOUNTS } from './accounts';
import { SandboxConfigError, parseOrThrow } from './errors';
import { DEFAULT_RULES, mergeRules, rulesPatchSchema } from './rules';
import type { SandboxAccount, SandboxOptions, SandboxRules } from './types';

/** The CLI's port when neither the config file nor `--port` gives one. */
export const CLI_DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SEED = 1;

const accountSchema = z
	.object({
		login: z.string().min(1, 'must not be empty'),
		password: z.string().min(1, 'must not be empty'),
		prod: z.boolean().default(false),
	})
	.strict();

const accountsSchema = z
	.array(accountSchema)
	.min(1, 'at least one account')
	.superRefine((accounts, ctx) => {
		const seen = new Set<string>();
		accounts.forEach((account, index) => {
			if (seen.has(account.login)) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, path: [index, 'login'], message: `login "${account.login}" is listed twice` });
			}
			seen.add(account.login);
		});
	});

const latencySchema = z
	.object({
		ms: z.number().int().nonnegative(),
		jitterMs: z.number().int().nonnegative().optional(),
	})
	.strict();

const optionFields = {
	port: z.number().int().min(0).max(65535),
	host: z.string().min(1, 'must not be empty'),
	accounts: accountsSchema,
	rules: rulesPatchSchema,
	latency: latencySchema,
	seed: z.number().int(),
	quiet: z.boolean(),
};

/** The options of startSandbox (all optional; `log` is checked apart). */
export const optionsSchema = z.object(optionFields).partial().strict();

/** A config file: the same keys as the options, plus an optional "$comment". */
export const configFileSchema = z
	.object({ ...optionFields, $comment: z.union([z.string(), z.array(z.string())]) })
	.partial()
	.strict();

export type ConfigFile = z.output<typeof configFileSchema>;

export interface ResolvedOptions {
	port: number;
	host: string;
	accounts: SandboxAccount[];
	rules: SandboxRules;
	latency: { ms: number; jitterMs: number };
	seed: number;
	quiet: boolean;
	log: (line: string) => void;
}

/** Validates startSandbox's options and fills the defaults; throws a SandboxConfigError naming the key at fault. */
export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
	const { log, ...rest } = options;
	if (log !== undefined && typeof log !== 'function') throw new SandboxConfigError('Invalid options:\nlog: must be a function');
	const parsed = parseOrThrow(optionsSchema, rest, 'options');
	return {
		port: parsed.port ?? 0,
		host: parsed.host ?? DEFAULT_HOST,
		accounts: (parsed.accounts ?? DEFAULT_ACCOUNTS).map((account) => ({ ...account })),
		rules: mergeRules(DEFAULT_RULES, parsed.rules ?? {}),
		latency: { ms: parsed.latency?.ms ?? 0, jitterMs: parsed.latency?.jitterMs ?? 0 },
		seed: parsed.seed ?? DEFAULT_SEED,
		quiet: parsed.quiet ?? true,
		log: log ?? ((line: string) => process.stdout.write(`${line}\n`)),
	};
}

/** Validates a parsed config file; throws a SandboxConfigError naming the key at fault. */
export function parseConfig(input: unknown, source = 'config'): ConfigFile {
	return parseOrThrow(configFileSchema, input, source);
}

/** Reads and validates a JSON config file. */
export function loadConfigFile(path: string): ConfigFile {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		throw new SandboxConfigError(`Cannot read config file ${path}: ${(error as Error).message}`);
	}
	let json: unknown;
	try {
		json = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (error) {
		throw new SandboxConfigError(`Config file ${path} is not valid JSON: ${(error as Error).message}`);
	}
	return parseConfig(json, `config file ${path}`);
}

/** A config file's content as startSandbox options (drops "$comment"). */
export function configToOptions(config: ConfigFile): SandboxOptions {
	const { $comment: _comment, ...options } = config;
	return options as SandboxOptions;
}
