/**
 * The sandbox's HTTP server: answers the three endpoints through the service (service.ts), shaped
 * by injected faults (fault-answers.ts), records every request, and serves the control interface
 * (control.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { ENDPOINTS } from '../nodes/BatiwebLead/catalog/codes';
import { resolveOptions, type ResolvedOptions } from './config';
import { control, isControlPath, type Controlled } from './control';
import { SandboxConfigError } from './errors';
import { FAULT_ANSWERS, serviceReply, type Reply } from './fault-answers';
import { FaultPlan, isProcessed, parseFaultSpec, type PickedFaults } from './faults';
import { endpointOf, parseBody, readBody, routeOf, send, sendJson } from './http';
import { LeadStore, isSettableStatus, publicLead } from './leads';
import { derivedSeed, SeededRandom } from './random';
import { describeAnswer, recordedBody, recordedHeaders, RequestRecord } from './record';
import { cloneRules, mergeRules } from './rules';
import { handleServiceRequest, type ServiceResult } from './service';
import type { ActiveFault, EndpointName, FaultSpec, LeadCounts, RecordedAnswer, RecordedRequest, Sandbox, SandboxCounts, SandboxOptions, SandboxRules } from './types';

export { CONTROL_PREFIX } from './control';

class SandboxServer implements Controlled {
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
	private inFlight = 0;
	private maxInFlight = 0;
	private endpointCounts: Record<EndpointName, number> = { is_sellable: 0, import: 0, status: 0 };
	private leadCounts = new Map<string, LeadCounts>();

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
		this.clearCounts();
	}

	counts(): SandboxCounts {
		return {
			inFlight: this.inFlight,
			maxInFlight: this.maxInFlight,
			requests: { ...this.endpointCounts },
			leads: Object.fromEntries([...this.leadCounts].map(([email, counts]) => [email, { ...counts }])),
		};
	}

	private clearCounts(): void {
		this.maxInFlight = this.inFlight;
		this.endpointCounts = { is_sellable: 0, import: 0, status: 0 };
		this.leadCounts.clear();
	}

	/** The counts of the lead a request names by its email (import and is_sellable). */
	private countsOf(parsed: ReturnType<typeof parseBody>): LeadCounts | undefined {
		const request = parsed.json && parsed.value !== null && typeof parsed.value === 'object' ? (parsed.value as { request?: unknown }).request : undefined;
		const email = request !== null && typeof request === 'object' ? (request as { email?: unknown }).email : undefined;
		if (typeof email !== 'string') return undefined;
		let counts = this.leadCounts.get(email);
		if (counts === undefined) this.leadCounts.set(email, (counts = { imports: 0, stored: 0, sellableChecks: 0 }));
		return counts;
	}

	injectFaults(spec: FaultSpec): void {
		this.plan.add(parseFaultSpec(spec));
	}

	addFault(spec: FaultSpec): ActiveFault {
		return this.plan.add(spec);
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

	lead(token: string) {
		const lead = this.store.find(token);
		return lead === undefined ? undefined : publicLead(lead);
	}

	reset(): void {
		this.store.clear();
		this.record.reset();
		this.clearCounts();
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

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = Date.now();
		const receivedAt = new Date(started).toISOString();
		const path = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname;
		const method = req.method ?? 'GET';
		const body = await readBody(req);
		if (body.aborted) return;

		if (isControlPath(path)) {
			control(this, res, method, path, body.text);
			return;
		}

		const parsed = parseBody(body.text);
		const entry = this.record.add({
			receivedAt,
			method,
			path,
			endpoint: endpointOf(path),
			headers: recordedHeaders(req.headers),
			...recordedBody(body, parsed, this.options.accounts.map((account) => account.password)),
			answer: { httpStatus: null },
		});
		const finish = (answer: RecordedAnswer, note = ''): void => {
			entry.answer = answer;
			this.log(`#${entry.seq} ${method} ${path}${note} → ${describeAnswer(answer)} (${Date.now() - started} ms)`);
		};

		const route = routeOf(path, method, body);
		if ('refusal' in route) {
			send(res, route.refusal);
			finish({ httpStatus: route.refusal.status });
			return;
		}
		const { endpoint } = route;
		this.endpointCounts[endpoint]++;
		const leadCounts = endpoint === 'status' ? undefined : this.countsOf(parsed);
		if (leadCounts !== undefined) {
			if (endpoint === 'import') leadCounts.imports++;
			else leadCounts.sellableChecks++;
		}
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		let answered = false;
		const landed = (): void => {
			if (answered) return;
			answered = true;
			this.inFlight--;
			entry.answeredAt = new Date().toISOString();
		};

		const picked = this.plan.pick(endpoint);
		const processed = picked.fault === undefined || isProcessed(picked.fault);
		const result = processed ? handleServiceRequest(this.serviceState(), endpoint, parsed) : undefined;
		if (leadCounts !== undefined && result?.leadStored === true) leadCounts.stored++;
		const who = result?.caller !== undefined ? ` ${result.caller.login} ${result.caller.environment}` : '';
		const reply = picked.fault === undefined ? serviceReply(result!.answer) : FAULT_ANSWERS[picked.fault.kind].reply(picked.fault, result?.answer);
		const recorded = this.recordedAnswer(reply, picked, result, endpoint === 'import');
		entry.answer = recorded;

		await this.sleep(this.delay(picked));
		if (this.closing) return landed();
		// A held-open answer stays in flight until its socket closes.
		if ('socket' in reply && reply.socket === 'hang') req.socket.once('close', landed);
		else landed();
		this.sendReply(req, res, reply);
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
	private recordedAnswer(reply: Reply, picked: PickedFaults, result: ServiceResult | undefined, isImport: boolean): RecordedAnswer {
		const fault = picked.fault?.kind ?? (picked.latency !== undefined ? 'latency' : undefined);
		return {
			httpStatus: 'http' in reply ? reply.http.status : null,
			...('http' in reply ? reply.record : {}),
			...(fault !== undefined ? { fault } : {}),
			...(isImport ? { leadStored: result?.leadStored ?? false } : {}),
			...(result?.detail !== undefined ? { detail: result.detail } : {}),
		};
	}

	private sendReply(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
		if ('http' in reply) return send(res, reply.http);
		if (reply.socket === 'hang') {
			this.hanging.add(req.socket);
			return;
		}
		const socket = req.socket as Socket & { resetAndDestroy?: () => Socket };
		if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
		else socket.destroy();
	}

	health() {
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

/** Starts a sandbox; resolves once it listens. Throws a SandboxConfigError on bad options. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await startResolvedSandbox(resolveOptions(options));
}

/** Same, for the CLI, which needs the resolved options to print them. */
export async function startResolvedSandbox(resolved: ResolvedOptions): Promise<Sandbox> {
	const sandbox = new SandboxServer(resolved);
	await sandbox.listen();
	return sandbox;
}
