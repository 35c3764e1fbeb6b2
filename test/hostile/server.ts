/**
 * A hostile Batiweb look-alike (Node built-ins only, apart from the friendly sandbox/): it
 * redirects, echoes the request envelope in its error pages, fails imports after "storing"
 * them, and serves TLS with a certificate nobody trusts. Each behaviour is chosen by the Base
 * URL's path prefix, so one server serves every scenario of a run (jest or a real n8n):
 *
 * - `/redirect/<status>` answers `<status>` with a Location on the second listener, `elsewhere`,
 *   which records everything it receives (it must receive nothing);
 * - `/echo/<format>/<status>` answers `<status>` with the envelope echoed, the password placed
 *   at a different offset around the node's 200-character cut at each request
 *   (formats: html, json-message, json-object, php-escaped, print-r);
 * - `/wrap/<wrapping>` answers imports code 0 with a token of their own (`tokenFor`), inside
 *   one of PHP's wrappings (`WRAPPINGS`), and is_sellable code 0;
 * - `/crafted` answers HTTP 500 with `password=` then 200,000 backslashes;
 * - `/code9` answers imports "Internal error" (code 9) and is_sellable code 0 (for the
 *   verification);
 * - anything else answers code 0.
 * The TLS listener (`tlsUrl`) records connections and requests; its certificate is self-signed,
 * made at start with `openssl` (a throw-away key in a temp folder, removed on close).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Received {
	listener: 'main' | 'elsewhere' | 'tls';
	method: string;
	path: string;
	bodyText: string;
}

export interface Hostile {
	url: string;
	elsewhereUrl: string;
	tlsUrl: string;
	/** Every request each listener received, in order. */
	received(listener?: Received['listener']): Received[];
	/** TCP connections each listener accepted (a refused TLS handshake still connects). */
	connections(listener: Received['listener']): number;
	clear(): void;
	close(): Promise<void>;
}

/** The offsets (in the answer's text) where the echoed password starts, request after request. */
export const ECHO_OFFSETS = Array.from({ length: 48 }, (_, index) => 160 + index);

/** The token the `/wrap/` scenarios give an import: the SHA-512 of its body, 128 hex digits. */
export function tokenFor(bodyText: string): string {
	return createHash('sha512').update(bodyText).digest('hex');
}

const NOTICE = '<br />\n<b>Notice</b>:  Undefined index: budget in <b>/var/www/batiweb/json/lead/import.php</b> on line <b>87</b><br />\n';
const DEPRECATED = '\nDeprecated: Function utf8_encode() is deprecated in /var/www/batiweb/json/lead/import.php on line 41\n';

/** A correct import answer as PHP may send it (issue 18's table): body and Content-Type. */
export const WRAPPINGS: Record<string, (json: string) => { body: string; type?: string }> = {
	none: (json) => ({ body: json }),
	bom: (json) => ({ body: `\uFEFF${json}` }),
	'text-html': (json) => ({ body: json, type: 'text/html; charset=UTF-8' }),
	strings: (json) => ({ body: json.replace(/:(\d+)([,}])/g, ':"$1"$2') }),
	'html-notice': (json) => ({ body: `${NOTICE}${json}`, type: 'text/html; charset=UTF-8' }),
	'text-deprecated': (json) => ({ body: `${DEPRECATED}${json}` }),
	'comment-after': (json) => ({ body: `${json}\n<!-- 0.012s -->` }),
};

/** The crafted error page: `password=` then 200,000 backslashes. */
export const CRAFTED_PAGE = `password=${'\\'.repeat(200_000)}`;

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
}

/** What PHP's json_encode writes for a string (slashes and non-ASCII escaped), without quotes. */
export function phpEscape(text: string): string {
	return JSON.stringify(text)
		.slice(1, -1)
		.replace(/\//g, '\\/')
		.replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function passwordOf(bodyText: string): string {
	try {
		return String((JSON.parse(bodyText) as { security?: { password?: unknown } }).security?.password ?? '');
	} catch {
		return '';
	}
}

/** The echo page, with padding so that the password (as written in the page) starts at `offset`. */
export function echoPage(format: string, bodyText: string, offset: number): { body: string; type: string } {
	const password = passwordOf(bodyText);
	// The password as the envelope's JSON writes it, which each page then escapes its own way.
	const inJson = JSON.stringify(password).slice(1, -1);
	const build = (pad: string): { body: string; type: string; written: string } => {
		switch (format) {
			case 'html':
				return { body: `<html><body><h1>Error</h1>${pad}<pre>${escapeHtml(bodyText)}</pre></body></html>`, type: 'text/html', written: escapeHtml(inJson) };
			case 'json-message':
				return { body: JSON.stringify({ code: 9, message: `Internal error ${pad}${bodyText}` }), type: 'application/json', written: JSON.stringify(inJson).slice(1, -1) };
			case 'json-object':
				return { body: `{"error":"Bad request ${pad}","request":${bodyText}}`, type: 'application/json', written: inJson };
			case 'php-escaped':
				return { body: `{"error":"Bad request ${pad}","received":"${phpEscape(bodyText)}"}`, type: 'application/json', written: phpEscape(inJson) };
			default: {
				const dump = `Array\n(\n    [security] => Array\n        (\n            [password] => ${password}\n        )\n)\n`;
				return { body: `${pad}${dump}`, type: 'text/plain', written: password };
			}
		}
	};
	const bare = build('');
	const at = password === '' ? -1 : bare.body.indexOf(bare.written);
	const pad = at < 0 ? '' : '.'.repeat(Math.max(0, offset - at));
	const page = build(pad);
	return { body: page.body, type: page.type };
}

async function listen(server: Server | TlsServer): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as AddressInfo).port;
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
	});
}

/** A self-signed certificate for 127.0.0.1, made now; nothing trusts it. */
function throwAwayCertificate(): { key: string; cert: string; folder: string } {
	const folder = mkdtempSync(join(tmpdir(), 'hostile-tls-'));
	const key = join(folder, 'key.pem');
	const cert = join(folder, 'cert.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
	return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8'), folder };
}

export async function startHostile(): Promise<Hostile> {
	const received: Received[] = [];
	const connections = { main: 0, elsewhere: 0, tls: 0 };
	const sockets = new Set<Socket>();
	let echoCount = 0;
	let elsewhereUrl = '';

	const recorder = (listener: Received['listener'], answer: (request: Received, res: ServerResponse) => void) => async (req: IncomingMessage, res: ServerResponse) => {
		const request: Received = { listener, method: req.method ?? '', path: req.url ?? '', bodyText: await readBody(req) };
		received.push(request);
		answer(request, res);
	};
	const json = (res: ServerResponse, status: number, body: unknown) => {
		res.writeHead(status, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify(body));
	};

	const main = createServer(
		recorder('main', (request, res) => {
			const [, scenario, first, second] = request.path.split('/');
			const endpoint = request.path.split('/').pop() ?? '';
			if (scenario === 'redirect') {
				res.writeHead(Number(first), { Location: `${elsewhereUrl}/json/lead/${endpoint}` });
				return res.end();
			}
			if (scenario === 'echo') {
				const offset = ECHO_OFFSETS[echoCount++ % ECHO_OFFSETS.length];
				const page = echoPage(first, request.bodyText, offset);
				res.writeHead(Number(second), { 'Content-Type': page.type });
				return res.end(page.body);
			}
			if (scenario === 'wrap' && endpoint === 'import') {
				const page = WRAPPINGS[first]?.(JSON.stringify({ code: 0, message: 'Lead correctly imported', id: 1000001, token: tokenFor(request.bodyText) }));
				if (!page) return json(res, 404, { error: `no wrapping ${first}` });
				res.writeHead(200, { 'Content-Type': page.type ?? 'application/json' });
				return res.end(page.body);
			}
			if (scenario === 'crafted') {
				res.writeHead(500, { 'Content-Type': 'text/plain' });
				return res.end(CRAFTED_PAGE);
			}
			if (scenario === 'code9' && endpoint !== 'is_sellable') return json(res, 200, { code: 9, message: 'Internal error' });
			if (endpoint === 'is_sellable') return json(res, 200, { code: 0, message: 'This lead can be sold' });
			return json(res, 200, { code: 0, message: 'Lead correctly imported', id: 1, token: 'a'.repeat(128) });
		}),
	);
	const elsewhere = createServer(recorder('elsewhere', (_, res) => json(res, 200, { code: 0, message: 'Lead correctly imported', id: 666, token: 'e'.repeat(128) })));
	const certificate = throwAwayCertificate();
	const tls = createTlsServer({ key: certificate.key, cert: certificate.cert }, recorder('tls', (_, res) => json(res, 200, { code: 0, message: 'OK' })));

	const track = (server: Server | TlsServer, listener: Received['listener']) =>
		server.on('connection', (socket: Socket) => {
			connections[listener]++;
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		});
	track(main, 'main');
	track(elsewhere, 'elsewhere');
	track(tls, 'tls');
	tls.on('tlsClientError', () => undefined);

	const url = `http://127.0.0.1:${await listen(main)}`;
	elsewhereUrl = `http://127.0.0.1:${await listen(elsewhere)}`;
	const tlsUrl = `https://127.0.0.1:${await listen(tls)}`;
	return {
		url,
		elsewhereUrl,
		tlsUrl,
		received: (listener) => received.filter((request) => listener === undefined || request.listener === listener),
		connections: (listener) => connections[listener],
		clear: () => {
			received.splice(0);
			connections.main = connections.elsewhere = connections.tls = 0;
			echoCount = 0;
		},
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await Promise.all([main, elsewhere, tls].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
			rmSync(certificate.folder, { recursive: true, force: true });
		},
	};
}

/** Every piece of `length` characters of a password (all of it when shorter). */
export function passwordPieces(password: string, length = 5): string[] {
	const characters = [...password];
	if (characters.length <= length) return [password];
	return Array.from({ length: characters.length - length + 1 }, (_, index) => characters.slice(index, index + length).join(''));
}

/** The pieces of the password found in a text, as written or JSON-escaped (empty when none). */
export function leakedPieces(password: string, text: string): string[] {
	const forms = (piece: string) => [piece, JSON.stringify(piece).slice(1, -1), phpEscape(piece), escapeHtml(piece)];
	return passwordPieces(password).filter((piece) => forms(piece).some((form) => text.includes(form)));
}
