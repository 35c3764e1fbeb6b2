/**
 * The sandbox's public types. `index.ts` re-exports them; other code (tests, benchmarks, demos)
 * imports them from there.
 */

/** The three operations of the service, by the last segment of their path (`/json/lead/<name>`). */
export type EndpointName = 'is_sellable' | 'import' | 'status';

export type Environment = 'PREP' | 'PROD';

export interface SandboxAccount {
	login: string;
	password: string;
	/** Whether the account may call with `environment: "PROD"` (else code 1). */
	prod: boolean;
}

export interface SandboxRules {
	/** Zipcode prefixes ("75", "75001") of leads Batiweb does not buy: code 4. */
	notSellableZipcodes: string[];
	/** Worktype codes Batiweb does not buy anywhere: code 4. */
	notSellableWorktypes: string[];
	/** A worktype Batiweb does not buy in a zipcode prefix: code 4. */
	notSellablePairs: { worktype: string; zipcode: string }[];
	/** Same email and worktype already imported within this many days: code 5. 0 disables. */
	duplicateWindowDays: number;
	/** Worktypes refused to tenants (isowner = 2): code 6 on import. */
	ownerOnlyWorktypes: string[];
	/** How many status calls answer "not yet processed" (status 0) before the lead is qualified. */
	pollsBeforeQualified: number;
}

export interface SandboxOptions {
	/** 0 = a free port (the default). */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Default {@link DEFAULT_ACCOUNTS}. */
	accounts?: SandboxAccount[];
	rules?: Partial<SandboxRules>;
	/** Always-on latency of every service answer: `ms` plus a uniform draw in [0, jitterMs]. */
	latency?: { ms: number; jitterMs?: number };
	/** Seed of the fault and jitter draws. Default 1. Same seed ⇒ same sequence. */
	seed?: number;
	/**
	 * No log line per request. Programmatic default: true (tests and benchmarks stay silent);
	 * the CLI logs unless `--quiet`.
	 */
	quiet?: boolean;
	/** Where log lines go when not quiet. Default: standard output. */
	log?: (line: string) => void;
}

export const FAULT_KINDS = [
	'latency',
	'http-status',
	'html-200',
	'empty-body',
	'malformed-json',
	'no-code',
	'unknown-code',
	'internal-error',
	'reset',
	'hang',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
	kind: FaultKind;
	/** Applies to the next `count` matching requests (default 1 when neither count nor ratio). */
	count?: number;
	/** Applies to this share (0..1) of matching requests, drawn by the seeded PRNG. */
	ratio?: number;
	/** Only requests to this endpoint match (default: all three). */
	endpoint?: EndpointName;
	/** latency: added delay. */
	ms?: number;
	/** latency: plus a uniform draw in [0, jitterMs]. */
	jitterMs?: number;
	/** http-status: the HTTP status (500, 502, 503, 504, 429, or any 400–599). */
	status?: number;
	/** http-status: seconds, sent as a `Retry-After` header. */
	retryAfter?: number;
	/** Whether the request is processed (an import stores its lead) although the answer is faulty. */
	processed?: boolean;
}

/** A fault as it stands in the plan: `remaining` is null for an unbounded ratio fault. */
export interface ActiveFault {
	id: number;
	spec: FaultSpec;
	remaining: number | null;
	fired: number;
}

export interface RecordedAnswer {
	/** null when no HTTP answer was sent (reset, hang). */
	httpStatus: number | null;
	/** The `code` of the JSON answer, when the answer carries one. */
	code?: number;
	message?: string;
	/** The injected fault that shaped this answer, if any (a latency fault included). */
	fault?: FaultKind;
	/** Import only: whether a lead was stored by this request. */
	leadStored?: boolean;
	/** Which field a code 2 or 3 is about, or which rule gave a code 4/5/6 (not sent to the client). */
	detail?: string;
}

export interface RecordedRequest {
	seq: number;
	/** ISO 8601, UTC. */
	receivedAt: string;
	method: string;
	path: string;
	/** null for a path that is none of the three endpoints. */
	endpoint: EndpointName | null;
	headers: { 'content-type'?: string; accept?: string };
	/** `json`: `body` is the parsed JSON with every `password` replaced by "***"; `text`: the start of the raw text (passwords masked); `empty`: null. */
	bodyFormat: 'json' | 'text' | 'empty';
	body: unknown;
	answer: RecordedAnswer;
	/** ISO 8601, UTC: when the answer was written, or the connection reset; absent while in flight (or held open). */
	answeredAt?: string;
}

/** Per lead (the import's email), what the sandbox received: for crash and retry checks. */
export interface LeadCounts {
	/** Import requests received for this email. */
	imports: number;
	/** Leads stored for this email (more than 1 means it was imported twice). */
	stored: number;
	/** is_sellable requests that named this email. */
	sellableChecks: number;
}

export interface SandboxCounts {
	/** Service requests received and not yet answered (a hanging socket counts until it closes). */
	inFlight: number;
	/** The most requests in flight at once since the last reset or clear of the record. */
	maxInFlight: number;
	/** Service requests received, per endpoint. */
	requests: Record<EndpointName, number>;
	/** Per email, in the order first seen. */
	leads: Record<string, LeadCounts>;
}

export interface SandboxLead {
	id: number;
	token: string;
	environment: Environment;
	login: string;
	email: string;
	worktype: string;
	/** 0 = not yet processed (the sandbox's assumption), else a value of the Status table. */
	status: number;
	supplierLeadId: string | null;
	/** The request part of the import, as received. */
	request: Record<string, unknown>;
	/** ISO 8601, UTC. */
	createdAt: string;
	/** ISO 8601, UTC; null while status is 0. */
	qualifiedAt: string | null;
	/** Status calls answered for this lead so far. */
	polls: number;
}

export interface Sandbox {
	/** e.g. http://127.0.0.1:43123 — the node's credential base URL. */
	url: string;
	port: number;
	/** Copies. */
	requests(): RecordedRequest[];
	clearRequests(): void;
	injectFaults(spec: FaultSpec): void;
	clearFaults(): void;
	/** The faults still in the plan. */
	faults(): ActiveFault[];
	setRules(rules: Partial<SandboxRules>): void;
	rules(): SandboxRules;
	/** Throws on an unknown token or a status that is neither 0 nor a value of the Status table. */
	setStatus(token: string, status: number): void;
	leads(): SandboxLead[];
	/** What was received per lead, and how many requests are in flight now. */
	counts(): SandboxCounts;
	/** Leads, record, faults and PRNG back to start (rules and accounts stay). */
	reset(): void;
	/** Also ends hanging sockets. */
	close(): Promise<void>;
}
