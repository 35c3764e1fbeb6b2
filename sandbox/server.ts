import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { ANSWER_CODES, DOC_MESSAGES, ENDPOINTS } from '../nodes/BatiwebLead/catalog/codes';
import { resolveOptions, type ResolvedOptions } from './config';
import { SandboxConfigError } from './errors';
import { FaultPlan, isProcessed, parseFaultSpec, type PickedFaults } from './faults';
import { LeadStore, isSettableStatus, publicLead } from './leads';
import { derivedSeed, SeededRandom } from './random';
import { RAW_BODY_KEPT, RequestRecord, redactJson, redactText } from './record';
import { cloneRules, mergeRules } from './rules';
import { handleServiceRequest, type ParsedBody, type ServiceResult } from './service';
import type {
	ActiveFault,
	EndpointName,
	FaultSpec,
	RecordedAnswer,
	RecordedRequest,
	Sandbox,
	SandboxOptions,
	SandboxRules,
} from './types';

/** Bodies larger than this are refused with HTTP 413 (the real service's limit is not documented). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The control interface lives under this path. */
export const CONTROL_PREFIX = '/_sandbox/';

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';

const ENDPOINT_NAMES = new Set<string>(Object.values(ENDPOINTS));

/** `/json/lead/import` → 'import' (a trailing slash is tolerated). */
export function endpointOf(path: string): EndpointName | null {
	const match = /^\/json\/lead\/([a-z_]+)\/?$/.exec(path);
	return match !== null && ENDPOINT_NAMES.has(match[1]) ? (match[1] as EndpointName) : null;
}

interface Body {
	text: string;
	bytes: number;
	tooLarge: boolean;
	/** The client went away before the body's end. */
	aborted: boolean;
}

function readBody(req: IncomingMessage): Promise<Body> {
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

function parseBody(text: string): ParsedBody {
	if (text.trim() === '') return { json: false };
	try {
		return { json: true, value: JSON.parse(text) as unknown };
	} catch {
		return { json: false };
	}
}

function send(res: ServerResponse, status: number, contentType: string | null, body: string, headers: Record<string, string> = {}): void {
	if (res.writableEnded || res.destroyed) return;
	const all: Record<string, string | number> = { ...headers, 'Content-Length': Buffer.byteLength(body) };
	if (contentType !== null) all['Content-Type'] = contentType;
	res.writeHead(status, all);
	res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
	send(res, status, JSON_TYPE, JSON.stringify(value), headers);
}

function htmlPage(status: number, title: string, text: string): string {
	return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${status} ${title}</title></head>` +
		`<body><h1>${title}</h1><p>${text}</p><hr><address>batiweb-sandbox</address></body></html>\n`;
}

class SandboxServer implements Sandbox {
	url = '';
	port = 0;

	private readonly server: Server;
	private readonly sockets = new Set<Socket>();
	private readonly hanging = new Set<Socket>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly store = new LeadStore();
	private readonly record = new RequestRecord();
	private readonly faultRandom: SeededRandom;
	private readonly jitterRandom: SeededRandom;
	private readonly plan: FaultPlan;
	private currentRules: SandboxRules;
	private closing = false;

	constructor(private readonly options: ResolvedOptions) {
		this.currentRules = options.rules;
		this.faultRandom = new SeededRandom(options.seed);
		this.jitterRandom = new SeededRandom(derivedSeed(options.seed, 0x6a09e667));
		this.plan = new FaultPlan(this.faultRandom);
		this.server = createServer((req, res) => {
			this.handle(req, res).catch((error: unknown) => {
				this.log(`internal failure: ${(error as Error).message}`);
				sendJson(res, 500, { error: 'sandbox failure' });
			});
		});
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => {
				this.sockets.delete(socket);
				this.hanging.delete(socket);
			});
		});
		this.server.on('clientError', (_error, socket) => {
			if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
			else socket.destroy();
		});
	}

	listen(): Promise<void> {
		return new Promise((resolve, reject) => {
			const onError = (error: Error) => reject(error);
			this.server.once('error', onError);
			this.server.listen(this.options.port, this.options.host, () => {
				this.server.off('error', onError);
				const address = this.server.address() as AddressInfo;
				this.port = address.port;
				const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
				this.url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host}:${this.port}`;
				resolve();
			});
		});
	}

	// ---- public API -------------------------------------------------------------------------

	requests(): RecordedRequest[] {
		return this.record.list();
	}

	clearRequests(): void {
		this.record.clear();
	}

	injectFaults(spec: FaultSpec): void {
		this.plan.add(parseFaultSpec(spec));
	}

	clearFaults(): void {
		this.plan.clear();
	}

	faults(): ActiveFault[] {
		return this.plan.list();
	}

	setRules(rules: Partial<SandboxRules>): void {
		this.currentRules = mergeRules(this.currentRules, rules);
	}

	rules(): SandboxRules {
		return cloneRules(this.currentRules);
	}

	setStatus(token: string, status: number): void {
		const lead = typeof token === 'string' ? this.store.find(token) : undefined;
		if (lead === undefined) throw new SandboxConfigError(`Unknown lead token: ${String(token).slice(0, 16)}…`);
		if (!isSettableStatus(status)) {
			throw new SandboxConfigError(`Invalid status ${JSON.stringify(status)}: 0 or a value of the Status table`);
		}
		lead.status = status;
		lead.manual = true;
		lead.qualifiedAt = status === 0 ? null : new Date();
	}

	leads() {
		return this.store.all().map(publicLead);
	}

	reset(): void {
		this.store.clear();
		this.record.reset();
		this.plan.clear();
		this.faultRandom.reset();
		this.jitterRandom.reset();
	}

	close(): Promise<void> {
		this.closing = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const socket of this.hanging) socket.destroy();
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
			for (const socket of this.sockets) socket.destroy();
		});
	}

	// ---- internals ------------------------------------------------------------------------

	private log(line: string): void {
		if (!this.options.quiet) this.options.log(`[batiweb-sandbox] ${line}`);
	}

	private sleep(ms: number): Promise<void> {
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	private secrets(): string[] {
		return this.options.accounts.map((account) => account.password);
	}

	private recordBody(body: Body, parsed: ParsedBody): Pick<RecordedRequest, 'body' | 'bodyFormat'> {
		if (body.bytes === 0) return { bodyFormat: 'empty', body: null };
		if (parsed.json) return { bodyFormat: 'json', body: redactJson(parsed.value) };
		return { bodyFormat: 'text', body: redactText(body.text, this.secrets()).slice(0, RAW_BODY_KEPT) };
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = Date.now();
		const receivedAt = new Date(started).toISOString();
		const path = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname;
		const method = req.method ?? 'GET';
		const body = await readBody(req);
		if (body.aborted) return;

		if (path === '/_sandbox' || path.startsWith(CONTROL_PREFIX)) {
			this.control(res, method, path, body);
			return;
		}

		const endpoint = endpointOf(path);
		const parsed = parseBody(body.text);
		const headers: RecordedRequest['headers'] = {};
		if (req.headers['content-type'] !== undefined) headers['content-type'] = req.headers['content-type'];
		if (req.headers.accept !== undefined) headers.accept = req.headers.accept;
		const entry = this.record.add({
			receivedAt,
			method,
			path,
			endpoint,
			headers,
			...this.recordBody(body, parsed),
			answer: { httpStatus: null },
		});
		const finish = (answer: RecordedAnswer, note = ''): void => {
			entry.answer = answer;
			const outcome = answer.fault !== undefined && answer.fault !== 'latency'
				? `fault ${answer.fault}${answer.code !== undefined ? ` (code ${answer.code})` : ''}`
				: answer.code !== undefined ? `code ${answer.code}` : `HTTP ${answer.httpStatus ?? '-'}`;
			const stored = answer.leadStored ? ', lead stored' : '';
			const detail = answer.detail !== undefined ? ` [${answer.detail}]` : '';
			this.log(`#${entry.seq} ${method} ${path}${note} → ${outcome}${detail}${stored} (${Date.now() - started} ms)`);
		};

		if (endpoint === null) {
			sendJson(res, 404, { error: 'Not Found', path });
			finish({ httpStatus: 404 });
			return;
		}
		if (method !== 'POST') {
			sendJson(res, 405, { error: 'Method Not Allowed', allow: 'POST' }, { Allow: 'POST' });
			finish({ httpStatus: 405 });
			return;
		}
		if (body.tooLarge) {
			sendJson(res, 413, { error: 'Payload Too Large', limitBytes: MAX_BODY_BYTES });
			finish({ httpStatus: 413 });
			return;
		}

		const picked = this.plan.pick(endpoint);
		const processed = picked.fault === undefined || isProcessed(picked.fault);
		const result = processed ? handleServiceRequest(this.serviceState(), endpoint, parsed) : undefined;
		const who = result?.caller !== undefined ? ` ${result.caller.login} ${result.caller.environment}` : '';
		const recorded: RecordedAnswer = this.shape(picked, result, endpoint);
		entry.answer = recorded;

		const delay = this.delay(picked);
		await this.sleep(delay);
		if (this.closing) return;
		this.sendShaped(req, res, picked, result);
		finish(recorded, who);
	}

	private serviceState() {
		return {
			accounts: () => this.options.accounts,
			rules: () => this.currentRules,
			store: this.store,
			now: () => new Date(),
		};
	}

	private delay(picked: PickedFaults): number {
		const global = this.options.latency;
		let ms = global.ms + (global.jitterMs > 0 ? this.jitterRandom.upTo(global.jitterMs) : 0);
		if (picked.latency !== undefined) {
			ms += picked.latency.ms ?? 0;
			const jitter = picked.latency.jitterMs ?? 0;
			if (jitter > 0) ms += this.jitterRandom.upTo(jitter);
		}
		return ms;
	}

	/** What the record says of the answer about to be sent. */
	private shape(picked: PickedFaults, result: ServiceResult | undefined, endpoint: EndpointName): RecordedAnswer {
		const leadStored = endpoint === 'import' ? { leadStored: result?.leadStored ?? false } : {};
		const detail = result?.detail !== undefined ? { detail: result.detail } : {};
		const fault = picked.fault;
		if (fault === undefined) {
			return {
				httpStatus: 200,
				code: result?.answer.code,
				message: result?.answer.message,
				...(picked.latency !== undefined ? { fault: 'latency' as const } : {}),
				...leadStored,
				...detail,
			};
		}
		const base = { fault: fault.kind, ...leadStored, ...detail };
		switch (fault.kind) {
			case 'http-status':
				return { httpStatus: fault.status ?? 503, ...base };
			case 'internal-error':
				return { httpStatus: 200, ...INTERNAL_ERROR, ...base };
			case 'unknown-code':
				return { httpStatus: 200, code: UNKNOWN_CODE.code, message: UNKNOWN_CODE.message, ...base };
			case 'reset':
			case 'hang':
				return { httpStatus: null, ...base };
			default:
				return { httpStatus: 200, ...base };
		}
	}

	private sendShaped(req: IncomingMessage, res: ServerResponse, picked: PickedFaults, result: ServiceResult | undefined): void {
		const fault = picked.fault;
		if (fault === undefined) {
			sendJson(res, 200, result?.answer);
			return;
		}
		switch (fault.kind) {
			case 'http-status': {
				const status = fault.status ?? 503;
				const reason = STATUS_CODES[status] ?? 'Error';
				const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
				// 502 and 504 come from a reverse proxy in front of the service: an HTML page.
				if (status === 502 || status === 504) send(res, status, HTML_TYPE, htmlPage(status, reason, 'The upstream server did not answer correctly.'), headers);
				else sendJson(res, status, { error: reason }, headers);
				return;
			}
			case 'html-200':
				send(res, 200, HTML_TYPE, htmlPage(200, 'Service indisponible', 'Le service est momentanément indisponible. Merci de réessayer plus tard.'));
				return;
			case 'empty-body':
				send(res, 200, JSON_TYPE, '');
				return;
			case 'malformed-json': {
				// An answer cut short: the start of the real one when there is one.
				const full = JSON.stringify(result?.answer ?? { code: ANSWER_CODES.ok, message: DOC_MESSAGES.imported });
				send(res, 200, JSON_TYPE, full.slice(0, Math.min(15, full.length - 1)));
				return;
			}
			case 'no-code':
				sendJson(res, 200, { message: 'ok' });
				return;
			case 'unknown-code':
				sendJson(res, 200, UNKNOWN_CODE);
				return;
			case 'internal-error':
				sendJson(res, 200, INTERNAL_ERROR);
				return;
			case 'reset': {
				const socket = req.socket as Socket & { resetAndDestroy?: () => Socket };
				if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
				else socket.destroy();
				return;
			}
			case 'hang':
				this.hanging.add(req.socket);
				return;
			case 'latency':
				sendJson(res, 200, result?.answer);
				return;
		}
	}

	// ---- control interface ----------------------------------------------------------------

	private control(res: ServerResponse, method: string, path: string, body: Body): void {
		const route = path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '');
		const parsed = parseBody(body.text);
		const needJson = (): unknown => {
			if (!parsed.json) throw new ControlError(400, 'The body must be JSON');
			return parsed.value;
		};
		const allow = (...methods: string[]): void => {
			if (!methods.includes(method)) throw new ControlError(405, `Use ${methods.join(' or ')} on ${path}`, methods);
		};
		try {
			if (route === 'health') {
				allow('GET');
				return sendJson(res, 200, this.health());
			}
			if (route === 'requests') {
				allow('GET', 'DELETE');
				if (method === 'GET') return sendJson(res, 200, this.requests());
				this.clearRequests();
				return sendJson(res, 200, { ok: true });
			}
			if (route === 'faults') {
				allow('GET', 'POST', 'DELETE');
				if (method === 'GET') return sendJson(res, 200, this.faults());
				if (method === 'DELETE') {
					this.clearFaults();
					return sendJson(res, 200, { ok: true });
				}
				const input = needJson();
				const specs = Array.isArray(input) ? input : [input];
				const parsedSpecs = specs.map((spec) => parseFaultSpec(spec));
				const added = parsedSpecs.map((spec) => this.plan.add(spec));
				return sendJson(res, 200, { ok: true, added, faults: this.faults() });
			}
			if (route === 'rules') {
				allow('GET', 'PUT');
				if (method === 'PUT') this.setRules(needJson() as Partial<SandboxRules>);
				return sendJson(res, 200, method === 'PUT' ? { ok: true, rules: this.rules() } : this.rules());
			}
			if (route === 'leads') {
				allow('GET');
				return sendJson(res, 200, this.leads());
			}
			const statusRoute = /^leads\/([^/]+)\/status$/.exec(route);
			if (statusRoute !== null) {
				allow('POST');
				const token = decodeURIComponent(statusRoute[1]);
				const input = needJson();
				const status = input !== null && typeof input === 'object' ? (input as Record<string, unknown>).status : undefined;
				if (this.store.find(token) === undefined) throw new ControlError(404, 'Unknown lead token');
				if (!isSettableStatus(status)) throw new ControlError(400, 'status: 0 or a value of the Status table');
				this.setStatus(token, status);
				const lead = this.store.find(token);
				return sendJson(res, 200, { ok: true, lead: lead === undefined ? null : publicLead(lead) });
			}
			if (route === 'reset') {
				allow('POST');
				this.reset();
				return sendJson(res, 200, { ok: true });
			}
			throw new ControlError(404, `No control route ${path}`);
		} catch (error) {
			if (error instanceof ControlError) {
				const headers: Record<string, string> = error.allow !== undefined ? { Allow: error.allow.join(', ') } : {};
				return sendJson(res, error.status, { error: error.message }, headers);
			}
			if (error instanceof SandboxConfigError) return sendJson(res, 400, { error: error.message });
			throw error;
		}
	}

	private health() {
		const leads = this.store.all();
		return {
			ok: true,
			service: 'batiweb-sandbox',
			url: this.url,
			endpoints: Object.values(ENDPOINTS).map((name) => `${this.url}/json/lead/${name}`),
			accounts: this.options.accounts.map((account) => ({ login: account.login, prod: account.prod })),
			leads: {
				PREP: leads.filter((lead) => lead.environment === 'PREP').length,
				PROD: leads.filter((lead) => lead.environment === 'PROD').length,
			},
			requests: this.record.count(),
			faults: this.plan.list().length,
			seed: this.options.seed,
			latency: this.options.latency,
		};
	}
}

/** A code the doc does not list (7), as a newer service version might send. */
const UNKNOWN_CODE = { code: 7, message: 'Unexpected error' } as const;
const INTERNAL_ERROR = { code: ANSWER_CODES.internalError, message: DOC_MESSAGES.internalError } as const;

class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly allow?: string[],
	) {
		super(message);
	}
}

/** Starts a sandbox; resolves once it listens. Throws a SandboxConfigError on bad options. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const resolved = resolveOptions(options);
	const sandbox = new SandboxServer(resolved);
	await sandbox.listen();
	return sandbox;
}

/** Same, for the CLI, which needs the resolved options to print them. */
export async function startResolvedSandbox(resolved: ResolvedOptions): Promise<Sandbox> {
	const sandbox = new SandboxServer(resolved);
	await sandbox.listen();
	return sandbox;
}
