/**
 * The start/stop boilerplate of a suite's servers: started once before the suite's tests, made
 * fresh before each test, closed after the suite. The value returned stands for the running
 * server, so a suite writes `sandbox.url` as if it held the server itself.
 */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';

interface Closable {
	close(): Promise<void>;
}

/** Forwards every property to the server once it runs; fails clearly when used outside a test. */
function live<T extends object>(current: () => T | undefined, what: string): T {
	return new Proxy({} as T, {
		get(_, key) {
			const server = current();
			if (!server) throw new Error(`${what} is not running: use it inside a test or a hook`);
			const value = Reflect.get(server, key, server) as unknown;
			return typeof value === 'function' ? value.bind(server) : value;
		},
	});
}

/** A server for the whole suite: `start` before all tests, `fresh` before each, closed after all. */
export function useServer<T extends Closable & object>(start: () => Promise<T>, fresh?: (server: T) => void, what = 'the server'): T {
	let server: T | undefined;
	beforeAll(async () => {
		server = await start();
	});
	afterAll(async () => {
		await server?.close();
		server = undefined;
	});
	if (fresh) beforeEach(() => fresh(server!));
	return live(() => server, what);
}

interface SandboxUse {
	/** Run once the sandbox listens (e.g. a warm-up request). */
	ready?: (sandbox: Sandbox) => Promise<unknown>;
	/** Reset it before each test (its leads, record and faults). Default true. */
	reset?: boolean;
}

/** A sandbox for the whole suite, quiet. */
export function useSandbox(options: SandboxOptions = {}, { ready, reset = true }: SandboxUse = {}): Sandbox {
	const start = async () => {
		const sandbox = await startSandbox({ quiet: true, ...options });
		await ready?.(sandbox);
		return sandbox;
	};
	return useServer(start, reset ? (sandbox) => sandbox.reset() : undefined, 'the sandbox');
}
