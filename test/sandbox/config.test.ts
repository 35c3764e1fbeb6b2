import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfigFile, parseConfig, startSandbox, SandboxConfigError, DEFAULT_RULES } from '../../sandbox';
import { optionsFromArgs } from '../../sandbox/cli';
import { parisDateTime } from '../../sandbox/leads';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'sandbox', 'cli.ts');
const EXAMPLE = join(ROOT, 'sandbox', 'sandbox.config.example.json');

const dir = mkdtempSync(join(tmpdir(), 'batiweb-sandbox-config-'));
function file(name: string, content: string): string {
	const path = join(dir, name);
	writeFileSync(path, content);
	return path;
}

describe('config validation', () => {
	it('loads the example config', () => {
		const config = loadConfigFile(EXAMPLE);
		expect(config.accounts).toHaveLength(2);
		expect(config.rules?.ownerOnlyWorktypes).toEqual(DEFAULT_RULES.ownerOnlyWorktypes);
	});

	it.each<[string, unknown, RegExp]>([
		['an unknown key', { prot: 4010 }, /prot: unknown key/],
		['an unknown nested key', { rules: { dedupWindow: 3 } }, /rules\.dedupWindow: unknown key/],
		['a port out of range', { port: 70000 }, /port: Number must be less than or equal to 65535/],
		['a port that is not a number', { port: '4010' }, /port: Expected number, received string/],
		['an unknown worktype in rules', { rules: { notSellableWorktypes: ['69', '999'] } }, /rules\.notSellableWorktypes\[1\]: unknown worktype "999"/],
		['an unknown worktype in a pair', { rules: { notSellablePairs: [{ worktype: 'x', zipcode: '75' }] } }, /rules\.notSellablePairs\[0\]\.worktype: unknown worktype "x"/],
		['a zipcode prefix that is a number', { rules: { notSellableZipcodes: [75] } }, /rules\.notSellableZipcodes\[0\]: Expected string/],
		['a negative window', { rules: { duplicateWindowDays: -1 } }, /rules\.duplicateWindowDays: Number must be greater than or equal to 0/],
		['a non-integer poll count', { rules: { pollsBeforeQualified: 1.5 } }, /rules\.pollsBeforeQualified: Expected integer/],
		['an account without password', { accounts: [{ login: 'x' }] }, /accounts\[0\]\.password: Required/],
		['an account with prod as text', { accounts: [{ login: 'x', password: 'y', prod: 'yes' }] }, /accounts\[0\]\.prod: Expected boolean/],
		['a login listed twice', { accounts: [{ login: 'x', password: 'y' }, { login: 'x', password: 'z' }] }, /accounts\[1\]\.login: login "x" is listed twice/],
		['no account', { accounts: [] }, /accounts: at least one account/],
		['a latency without ms', { latency: { jitterMs: 3 } }, /latency\.ms: Required/],
		['a seed that is not an integer', { seed: 'abc' }, /seed: Expected number/],
		['a config that is not an object', [1, 2], /\(top level\): Expected object/],
	])('rejects %s, naming the key', (_what, input, message) => {
		expect(() => parseConfig(input)).toThrow(SandboxConfigError);
		expect(() => parseConfig(input)).toThrow(message);
	});

	it('rejects an unreadable file and a file that is not JSON', () => {
		expect(() => loadConfigFile(join(dir, 'missing.json'))).toThrow(/Cannot read config file .*missing\.json/);
		expect(() => loadConfigFile(file('bad.json', '{ port: 1 }'))).toThrow(/is not valid JSON/);
	});

	it('startSandbox and setRules reject bad options the same way', async () => {
		await expect(startSandbox({ port: -1 })).rejects.toThrow(/port: Number must be greater than or equal to 0/);
		await expect(startSandbox({ rules: { ownerOnlyWorktypes: ['0'] } })).rejects.toThrow(/rules\.ownerOnlyWorktypes\[0\]: unknown worktype/);
		const sandbox = await startSandbox({ rules: { ownerOnlyWorktypes: [69 as unknown as string] } });
		try {
			expect(sandbox.rules().ownerOnlyWorktypes).toEqual(['69']);
			expect(() => sandbox.setRules({ duplicateWindowDays: 'x' as unknown as number })).toThrow(/rules\.duplicateWindowDays/);
			expect(sandbox.rules().duplicateWindowDays).toBe(30);
		} finally {
			await sandbox.close();
		}
	});

	it('command-line flags override the config file; the CLI defaults to port 4010 and logs', () => {
		const path = file('ok.json', JSON.stringify({ port: 5000, seed: 3, latency: { ms: 5, jitterMs: 2 }, quiet: true }));
		expect(optionsFromArgs(['--config', path, '--port', '0', '--latency', '20']).options).toMatchObject({
			port: 0,
			seed: 3,
			latency: { ms: 20, jitterMs: 2 },
			quiet: true,
		});
		expect(optionsFromArgs([]).options).toMatchObject({ port: 4010, host: '127.0.0.1', seed: 1, quiet: false });
		expect(() => optionsFromArgs(['--port', 'abc'])).toThrow(/--port: must be an integer/);
		expect(() => optionsFromArgs(['--port', '99999'])).toThrow(/port: Number must be less than or equal to 65535/);
		expect(() => optionsFromArgs(['--bogus'])).toThrow(/Unknown option '--bogus'/);
	});
});

describe('Paris wall time', () => {
	it('formats "YYYY-MM-DD HH:MM:SS" in Europe/Paris, summer and winter', () => {
		expect(parisDateTime(new Date('2024-07-01T10:00:00Z'))).toBe('2024-07-01 12:00:00');
		expect(parisDateTime(new Date('2024-01-15T23:30:05Z'))).toBe('2024-01-16 00:30:05');
	});
});

describe('CLI', () => {
	function run(args: string[]): { child: ChildProcessWithoutNullStreams; stdout: () => string; stderr: () => string; exit: Promise<number | null> } {
		const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
		const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		return { child, stdout: () => out, stderr: () => err, exit };
	}

	it('starts on a free port, prints the URL, accounts and a curl, answers health, stops on SIGTERM', async () => {
		const cli = run(['--port', '0', '--quiet']);
		const url = await new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no URL printed: ${cli.stdout()} ${cli.stderr()}`)), 15000);
			cli.child.stdout.on('data', () => {
				const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.stdout());
				if (match !== null && cli.stdout().includes('Ctrl+C')) {
					clearTimeout(timer);
					resolve(match[1]);
				}
			});
		});
		expect(cli.stdout()).toMatch(/demo\s+demo-password\s+no/);
		expect(cli.stdout()).toMatch(/demo-prod\s+demo-prod-password\s+yes/);
		expect(cli.stdout()).toContain(`curl -s -X POST ${url}/json/lead/is_sellable`);
		const health = await fetch(`${url}/_sandbox/health`);
		expect(await health.json()).toMatchObject({ ok: true, url });
		cli.child.kill('SIGTERM');
		expect(await cli.exit).toBe(0);
	});

	it('exits with code 2 and names the key on a bad config', async () => {
		const path = file('bad-rules.json', JSON.stringify({ rules: { notSellableWorktypes: ['12345'] } }));
		const cli = run(['--config', path]);
		expect(await cli.exit).toBe(2);
		expect(cli.stderr()).toMatch(/rules\.notSellableWorktypes\[0\]: unknown worktype "12345"/);
		expect(cli.stdout()).toBe('');
	});
});
