/** HTTP plumbing of the sandbox: reading a request body, writing an answer, naming endpoints. */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { ENDPOINTS } from '../nodes/BatiwebLead/catalog/codes';
import type { ParsedBody } from './service';
import type { EndpointName } from './types';

/** Bodies larger than this are refused with HTTP 413 (the real service's limit is not documented). */
export const MAX_BODY_BYTES = 1024 * 1024;

export const JSON_TYPE = 'application/json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

const ENDPOINT_NAMES = new Set<string>(Object.values(ENDPOINTS));

/** `/json/lead/import` → 'import' (a trailing slash is tolerated). */
export function endpointOf(path: string): EndpointName | null {
	const match = /^\/json\/lead\/([a-z_]+)\/?$/.exec(path);
	return match !== null && ENDPOINT_NAMES.has(match[1]) ? (match[1] as EndpointName) : null;
}

export interface Body {
	text: string;
	bytes: number;
	tooLarge: boolean;
	/** The client went away before the body's end. */
	aborted: boolean;
}

export function readBody(req: IncomingMessage): Promise<Body> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let bytes = 0;
		let tooLarge = false;
		let ended = false;
		req.on('data', (chunk: Buffer) => {
			bytes += chunk.length;
			if (bytes > MAX_BODY_BYTES) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => {
			ended = true;
			resolve({ text: Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, ''), bytes, tooLarge, aborted: false });
		});
		req.on('close', () => {
			if (!ended) resolve({ text: '', bytes, tooLarge, aborted: true });
		});
		req.on('error', reject);
	});
}

export function parseBody(text: string): ParsedBody {
	if (text.trim() === '') return { json: false };
	try {
		return { json: true, value: JSON.parse(text) as unknown };
	} catch {
		return { json: false };
	}
}

/** An HTTP answer, as data: the fault table describes answers, the server sends them. */
export interface HttpAnswer {
	status: number;
	contentType: string | null;
	body: string;
	headers?: Record<string, string>;
}

export function jsonAnswer(status: number, value: unknown, headers?: Record<string, string>): HttpAnswer {
	return { status, contentType: JSON_TYPE, body: JSON.stringify(value), headers };
}

/** The endpoint a request is for, or the answer when the service never sees it (not an endpoint, not a POST, too large). */
export function routeOf(path: string, method: string, body: Body): { endpoint: EndpointName } | { refusal: HttpAnswer } {
	const endpoint = endpointOf(path);
	if (endpoint === null) return { refusal: jsonAnswer(404, { error: 'Not Found', path }) };
	if (method !== 'POST') return { refusal: jsonAnswer(405, { error: 'Method Not Allowed', allow: 'POST' }, { Allow: 'POST' }) };
	if (body.tooLarge) return { refusal: jsonAnswer(413, { error: 'Payload Too Large', limitBytes: MAX_BODY_BYTES }) };
	return { endpoint };
}

export function send(res: ServerResponse, answer: HttpAnswer): void {
	if (res.writableEnded || res.destroyed) return;
	const all: Record<string, string | number> = { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) };
	if (answer.contentType !== null) all['Content-Type'] = answer.contentType;
	res.writeHead(answer.status, all);
	res.end(answer.body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers?: Record<string, string>): void {
	send(res, jsonAnswer(status, value, headers));
}

export function htmlPage(status: number, title: string, text: string): string {
	return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${status} ${title}</title></head>` +
		`<body><h1>${title}</h1><p>${text}</p><hr><address>batiweb-sandbox</address></body></html>\n`;
}
