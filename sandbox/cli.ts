/**
 * `npm run sandbox -- [--port 4010] [--host 127.0.0.1] [--config sandbox.config.json]
 *                     [--latency 20] [--seed 1] [--quiet]`
 *
 * Starts the Batiweb sandbox and prints its base URL, accounts, rules and an example call.
 * Exit codes: 0 stopped by SIGINT/SIGTERM, 1 could not listen, 2 bad arguments or configuration.
 */
import { parseArgs } from 'node:util';

import { ENDPOINTS } from '../nodes/BatiwebLead/catalog/codes';
import { CLI_DEFAULT_PORT, configToOptions, loadConfigFile, resolveOptions, type ResolvedOptions } from './config';
import { SandboxConfigError } from './errors';
import { startResolvedSandbox } from './server';
import type { SandboxOptions } from './types';

export const USAGE = `Usage: npm run sandbox -- [options]

  --port <n>        port to listen on (default ${CLI_DEFAULT_PORT}; 0 = a free port)
  --host <addr>     address to listen on (default 127.0.0.1)
  --config <file>   JSON config file (see sandbox/sandbox.config.example.json)
  --latency <ms>    always-on latency added to every answer
  --seed <n>        seed of the fault and jitter draws (default 1)
  --quiet           no log line per request
  -h, --help        this help`;

function integerFlag(name: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	if (!/^-?\d+$/.test(value.trim())) throw new SandboxConfigError(`Invalid arguments:\n--${name}: must be an integer, got "${value}"`);
	return Number(value);
}

/** The sandbox options from the command line (flags override the config file). */
export function optionsFromArgs(argv: string[]): { help: boolean; options: ResolvedOptions } {
	let parsed: ReturnType<typeof parseArgs<{
		options: {
			port: { type: 'string' };
			host: { type: 'string' };
			config: { type: 'string' };
			latency: { type: 'string' };
			seed: { type: 'string' };
			quiet: { type: 'boolean' };
			help: { type: 'boolean'; short: 'h' };
		};
	}>>;
	try {
		parsed = parseArgs({
			args: argv,
			options: {
				port: { type: 'string' },
				host: { type: 'string' },
				config: { type: 'string' },
				latency: { type: 'string' },
				seed: { type: 'string' },
				quiet: { type: 'boolean' },
				help: { type: 'boolean', short: 'h' },
			},
			strict: true,
			allowPositionals: false,
		});
	} catch (error) {
		throw new SandboxConfigError(`Invalid arguments: ${(error as Error).message}\n\n${USAGE}`);
	}
	const flags = parsed.values;
	const fromFile: SandboxOptions = flags.config !== undefined ? configToOptions(loadConfigFile(flags.config)) : {};
	const options: SandboxOptions = { ...fromFile };
	const port = integerFlag('port', flags.port);
	const latency = integerFlag('latency', flags.latency);
	const seed = integerFlag('seed', flags.seed);
	if (port !== undefined) options.port = port;
	if (flags.host !== undefined) options.host = flags.host;
	if (latency !== undefined) options.latency = { ms: latency, jitterMs: fromFile.latency?.jitterMs };
	if (seed !== undefined) options.seed = seed;
	options.port ??= CLI_DEFAULT_PORT;
	options.quiet = flags.quiet ?? fromFile.quiet ?? false;
	return { help: flags.help === true, options: resolveOptions(options) };
}

function list(values: readonly string[]): string {
	return values.length === 0 ? '(none)' : values.join(', ');
}

/** The start-up banner: URL, accounts (local sandbox secrets, meant for n8n's credential form), rules, a curl. */
export function banner(url: string, options: ResolvedOptions): string {
	const width = Math.max(8, ...options.accounts.map((account) => account.login.length)) + 2;
	const pwWidth = Math.max(8, ...options.accounts.map((account) => account.password.length)) + 2;
	const accounts = options.accounts
		.map((account) => `    ${account.login.padEnd(width)}${account.password.padEnd(pwWidth)}${account.prod ? 'yes' : 'no (PREP only)'}`)
		.join('\n');
	const rules = options.rules;
	const first = options.accounts[0];
	const example = JSON.stringify({
		security: { login: first.login, password: first.password, environment: first.prod ? 'PROD' : 'PREP' },
		request: { zipcode: '78180', worktype: '69', email: 'jean.dupont@example.com' },
	});
	return [
		`Batiweb sandbox listening on ${url}`,
		`  endpoints: POST ${url}/json/lead/{${Object.values(ENDPOINTS).join(',')}}`,
		`  control:   ${url}/_sandbox/health (requests, faults, rules, leads, reset)`,
		'',
		`Accounts (n8n credential: Base URL ${url}):`,
		`    ${'login'.padEnd(width)}${'password'.padEnd(pwWidth)}PROD`,
		accounts,
		'',
		'Rules:',
		`    not sellable zipcodes:   ${list(rules.notSellableZipcodes)}`,
		`    not sellable worktypes:  ${list(rules.notSellableWorktypes)}`,
		`    not sellable pairs:      ${list(rules.notSellablePairs.map((pair) => `${pair.worktype} in ${pair.zipcode}*`))}`,
		`    duplicate window:        ${rules.duplicateWindowDays === 0 ? 'off' : `${rules.duplicateWindowDays} days (same email and worktype)`}`,
		`    owner-only worktypes:    ${list(rules.ownerOnlyWorktypes)}`,
		`    polls before qualified:  ${rules.pollsBeforeQualified}`,
		`    seed ${options.seed}, latency ${options.latency.ms} ms + 0..${options.latency.jitterMs} ms jitter`,
		'',
		'Try:',
		`  curl -s -X POST ${url}/json/lead/is_sellable -H 'Content-Type: application/json' -d '${example}'`,
		'',
		'Ctrl+C to stop.',
	].join('\n');
}

export async function main(argv: string[]): Promise<number> {
	let resolved: ResolvedOptions;
	try {
		const { help, options } = optionsFromArgs(argv);
		if (help) {
			process.stdout.write(`${USAGE}\n`);
			return 0;
		}
		resolved = options;
	} catch (error) {
		if (error instanceof SandboxConfigError) {
			process.stderr.write(`batiweb-sandbox: ${error.message}\n`);
			return 2;
		}
		throw error;
	}

	let sandbox;
	try {
		sandbox = await startResolvedSandbox(resolved);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const where = `${resolved.host}:${resolved.port}`;
		const reason =
			code === 'EADDRINUSE' ? `${where} is already in use (try --port 0 for a free port)`
				: code === 'EACCES' ? `no permission to listen on ${where}`
					: `cannot listen on ${where}: ${(error as Error).message}`;
		process.stderr.write(`batiweb-sandbox: ${reason}\n`);
		return 1;
	}
	process.stdout.write(`${banner(sandbox.url, resolved)}\n`);

	const running = sandbox;
	return new Promise<number>((resolve) => {
		let stopping = false;
		const stop = (signal: string) => {
			if (stopping) return;
			stopping = true;
			process.stdout.write(`\n${signal}: stopping the sandbox\n`);
			void running.close().then(() => resolve(0));
		};
		process.once('SIGINT', () => stop('SIGINT'));
		process.once('SIGTERM', () => stop('SIGTERM'));
	});
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(error: unknown) => {
			process.stderr.write(`batiweb-sandbox: ${(error as Error).stack ?? String(error)}\n`);
			process.exit(1);
		},
	);
}
