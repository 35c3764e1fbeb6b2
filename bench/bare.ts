/**
 * The limit (a): a bare HTTP client posting envelopes with at most C requests in flight, over
 * node:http with a keep-alive agent (one connection per slot, reused). It does the least a
 * client can: serialise, post, read, parse, check the code. Without keep-alive it opens a
 * connection per request, as n8n's HTTP helpers do (a new http.Agent for every request).
 */
import http from 'node:http';

export interface BareAnswer {
	httpStatus: number;
	body: { code?: unknown; token?: unknown } | undefined;
}

export class BareClient {
	private readonly agent: http.Agent;
	private readonly url: URL;

	constructor(endpointUrl: string, concurrency: number, keepAlive = true) {
		this.url = new URL(endpointUrl);
		this.agent = new http.Agent({ keepAlive, maxSockets: concurrency });
	}

	post(envelope: unknown): Promise<BareAnswer> {
		const payload = JSON.stringify(envelope);
		return new Promise((resolve, reject) => {
			const request = http.request(
				{
					agent: this.agent,
					method: 'POST',
					hostname: this.url.hostname,
					port: this.url.port,
					path: this.url.pathname,
					headers: {
						'Content-Type': 'application/json',
						Accept: 'application/json',
						'Content-Length': Buffer.byteLength(payload),
					},
				},
				(response) => {
					const chunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => chunks.push(chunk));
					response.on('end', () => {
						let body: BareAnswer['body'];
						try {
							body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BareAnswer['body'];
						} catch {
							body = undefined;
						}
						resolve({ httpStatus: response.statusCode ?? 0, body });
					});
					response.on('error', reject);
				},
			);
			request.on('error', reject);
			request.end(payload);
		});
	}

	close(): void {
		this.agent.destroy();
	}
}

/** Posts every envelope with at most `concurrency` in flight; answers come back in input order. */
export async function postAll(endpointUrl: string, envelopes: unknown[], concurrency: number, keepAlive = true): Promise<BareAnswer[]> {
	const client = new BareClient(endpointUrl, concurrency, keepAlive);
	const answers = new Array<BareAnswer>(envelopes.length);
	let next = 0;
	const lane = async () => {
		while (next < envelopes.length) {
			const index = next++;
			try {
				answers[index] = await client.post(envelopes[index]);
			} catch (error) {
				answers[index] = { httpStatus: 0, body: { code: `network: ${(error as Error).message}` } };
			}
		}
	};
	try {
		await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, envelopes.length)) }, lane));
	} finally {
		client.close();
	}
	return answers;
}
