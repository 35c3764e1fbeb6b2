/**
 * A tiny HTTP server on loopback that records each request exactly as it arrived (method, path,
 * headers, body text byte for byte) and answers what the test scripts, by default
 * `{"code":0,"message":"OK"}` (with a token for an import, a status for a status). The sandbox parses bodies and masks passwords in its record; this
 * server is for the tests that must see the raw bytes, and for answers the sandbox would never
 * give to a validating client (e.g. code 2 or 3 to a well-formed request).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	/** The body as sent, decoded as UTF-8. */
	bodyText: string;
	/** The body's raw bytes. */
	bodyBytes: Buffer;
}

export interface RawAnswer {
	status?: number;
	headers?: Record<string, string>;
	/** A string is sent as is; anything else as JSON. */
	body?: unknown;
}

export type Answerer = (request: RawRequest) => RawAnswer;

export interface RawServer {
	url: string;
	requests(): RawRequest[];
	clear(): void;
	/** What the next requests get (until changed); the default answers code 0. */
	answerWith(answerer: Answerer): void;
	close(): Promise<void>;
}

/** Code 0 with what each answer must carry: an import's token, a status's status (issue 17 finding 6). */
export const DEFAULT_ANSWER: Answerer = (request) => {
	if (request.path.endsWith('/import')) return { body: { code: 0, message: 'OK', id: 1000001, token: 'a'.repeat(128) } };
	if (request.path.endsWith('/status')) return { body: { code: 0, message: 'OK', token: 'a'.repeat(128), status: 1 } };
	return { body: { code: 0, message: 'OK' } };
};

export async function startRawServer(answerer: Answerer = DEFAULT_ANSWER): Promise<RawServer> {
	const recorded: RawRequest[] = [];
	let answer = answerer;
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const bodyBytes = Buffer.concat(chunks);
			const request: RawRequest = {
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				bodyText: bodyBytes.toString('utf8'),
				bodyBytes,
			};
			recorded.push(request);
			const { status = 200, headers = {}, body } = answer(request);
			const text = typeof body === 'string' ? body : JSON.stringify(body ?? {});
			res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
			res.end(text);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests: () => [...recorded],
		clear: () => void recorded.splice(0),
		answerWith: (next) => void (answer = next),
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
