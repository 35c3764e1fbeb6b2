/**
 * A tiny counting proxy in front of the sandbox: it forwards every request as is and notes when
 * each one started and ended, so that tests can measure how many requests were in flight at
 * once (the sandbox's record has only the time a request was received), whether the client gave
 * up on a request (an aborted request), and when requests started (rate limit, cancellation).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedRequest {
	path: string;
	/** performance.now() when the proxy received the request. */
	startedAt: number;
	/** performance.now() when the exchange ended (answer sent, or client gone); undefined while open. */
	endedAt?: number;
	/** The client closed the connection before the answer was complete. */
	clientAborted: boolean;
}

export interface CountingProxy {
	url: string;
	requests: ProxiedRequest[];
	/** Requests open right now. */
	inFlight(): number;
	/** The most requests open at once since the start (or the last clear). */
	maxInFlight(): number;
	clear(): void;
	close(): Promise<void>;
}

export async function startCountingProxy(targetUrl: string): Promise<CountingProxy> {
	const target = new URL(targetUrl);
	const sockets = new Set<Socket>();
	let requests: ProxiedRequest[] = [];
	let open = 0;
	let max = 0;

	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const entry: ProxiedRequest = { path: req.url ?? '/', startedAt: performance.now(), clientAborted: false };
		requests.push(entry);
		open++;
		max = Math.max(max, open);
		let done = false;
		const end = (aborted: boolean) => {
			if (done) return;
			done = true;
			open--;
			entry.endedAt = performance.now();
			entry.clientAborted = aborted;
		};

		const upstream = httpRequest(
			{
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: target.host, connection: 'close' },
				agent: false,
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		// The sandbox reset the connection: reset the client's too, so it sees what it would see.
		upstream.on('error', () => {
			end(false);
			req.socket.destroy();
		});
		res.on('finish', () => end(false));
		res.on('close', () => {
			if (!res.writableFinished) {
				end(true);
				upstream.destroy();
			}
		});
		req.pipe(upstream);
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		get requests() {
			return requests;
		},
		inFlight: () => open,
		maxInFlight: () => max,
		clear: () => {
			requests = [];
			max = open;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
