/**
 * The sandbox in this process, with a count of the requests in flight as the server sees them:
 * from the moment Node's HTTP server emits a request to the moment its answer is finished.
 */
import http from 'node:http';

import { startSandbox, type Sandbox } from '../../sandbox';

export interface CountingSandbox {
	sandbox: Sandbox;
	/** Since the last reset: the most requests in flight, how many arrived, their mean time in the server. */
	counts(): { maxInFlight: number; requests: number; serverMs: number };
	reset(): void;
	close(): Promise<void>;
}

export async function startCountingSandbox(latencyMs: number): Promise<CountingSandbox> {
	let inFlight = 0;
	let maxInFlight = 0;
	let requests = 0;
	let serverMs = 0;
	// The sandbox does not expose its server: count at the one place every request passes.
	const emit = http.Server.prototype.emit;
	http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
		if (event === 'request') {
			const response = args[1] as http.ServerResponse;
			inFlight++;
			requests++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			const arrived = performance.now();
			response.once('close', () => {
				inFlight--;
				serverMs += performance.now() - arrived;
			});
		}
		return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
	} as typeof emit;
	const sandbox = await startSandbox({ quiet: true, latency: { ms: latencyMs, jitterMs: 0 }, rules: { pollsBeforeQualified: 0 } });
	return {
		sandbox,
		counts: () => ({ maxInFlight, requests, serverMs: requests > 0 ? serverMs / requests : 0 }),
		reset: () => {
			sandbox.reset();
			maxInFlight = inFlight;
			requests = 0;
			serverMs = 0;
		},
		close: async () => {
			await sandbox.close();
			http.Server.prototype.emit = emit;
		},
	};
}
