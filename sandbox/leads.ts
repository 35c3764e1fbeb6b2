import { randomBytes } from 'node:crypto';

import { statusEntry } from '../nodes/BatiwebLead/catalog';
import type { Environment, SandboxLead } from './types';

/** The first lead id; ids then increase by one, across both environments. */
export const FIRST_LEAD_ID = 100000;

/**
 * The status of a lead not yet processed. The doc's Status table has no such value and says only
 * that the date is then the request's: status 0 with this label is the sandbox's assumption.
 */
export const PENDING_STATUS = 0;
export const PENDING_LABEL = 'En attente de qualification';

/** The status a lead is qualified to by default: 1 "Validé". */
export const DEFAULT_OUTCOME = 1;

export interface StoredLead {
	id: number;
	token: string;
	environment: Environment;
	login: string;
	email: string;
	/** The email folded for the duplicate rule: trimmed, lower case. */
	emailKey: string;
	worktype: string;
	status: number;
	/** The status the lead moves to once qualified by the poll rule. */
	outcome: number;
	/** Set through setStatus: the poll rule leaves the lead alone from then on. */
	manual: boolean;
	supplierLeadId: string | null;
	request: Record<string, unknown>;
	createdAt: Date;
	qualifiedAt: Date | null;
	polls: number;
}

export function emailKey(email: string): string {
	return email.trim().toLowerCase();
}

/**
 * The outcome asked for by the email's local part: `jean+status-11@example.com` → 11. Only values
 * of the catalog's Status table count; anything else leaves the default outcome (`ignored` says so).
 */
export function outcomeFromEmail(email: string): { outcome: number; ignored?: string } {
	const at = email.lastIndexOf('@');
	const local = at < 0 ? email : email.slice(0, at);
	const match = /\+status-(\d+)/i.exec(local);
	if (match === null) return { outcome: DEFAULT_OUTCOME };
	const entry = statusEntry(match[1]);
	if (entry === undefined) return { outcome: DEFAULT_OUTCOME, ignored: `+status-${match[1]} is not a status, lead will be ${DEFAULT_OUTCOME}` };
	return { outcome: Number(entry.value) };
}

/** The label the status answer carries: the catalog's `fr` label (the doc's, even where it is a copy error). */
export function statusLabel(status: number): string {
	if (status === PENDING_STATUS) return PENDING_LABEL;
	return statusEntry(status)?.fr ?? '';
}

/** Whether `status` may be set on a lead: 0 (back to not processed) or a value of the Status table. */
export function isSettableStatus(status: unknown): status is number {
	return typeof status === 'number' && Number.isInteger(status) && (status === PENDING_STATUS || statusEntry(status) !== undefined);
}

const PARIS = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Paris',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23',
});

/** "YYYY-MM-DD HH:MM:SS", Europe/Paris wall time. */
export function parisDateTime(date: Date): string {
	const parts: Record<string, string> = {};
	for (const part of PARIS.formatToParts(date)) parts[part.type] = part.value;
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The leads imported, one store per environment: a PREP token is unknown in PROD and the reverse. */
export class LeadStore {
	private readonly stores: Record<Environment, Map<string, StoredLead>> = { PREP: new Map(), PROD: new Map() };
	private nextId = FIRST_LEAD_ID;

	clear(): void {
		this.stores.PREP.clear();
		this.stores.PROD.clear();
		this.nextId = FIRST_LEAD_ID;
	}

	private newToken(): string {
		for (;;) {
			// 64 random bytes: 128 lowercase hex characters, as the doc's example token.
			const token = randomBytes(64).toString('hex');
			if (!this.stores.PREP.has(token) && !this.stores.PROD.has(token)) return token;
		}
	}

	add(input: {
		environment: Environment;
		login: string;
		email: string;
		worktype: string;
		outcome: number;
		supplierLeadId: string | null;
		request: Record<string, unknown>;
		now: Date;
	}): StoredLead {
		const lead: StoredLead = {
			id: this.nextId++,
			token: this.newToken(),
			environment: input.environment,
			login: input.login,
			email: input.email,
			emailKey: emailKey(input.email),
			worktype: input.worktype,
			status: PENDING_STATUS,
			outcome: input.outcome,
			manual: false,
			supplierLeadId: input.supplierLeadId,
			request: structuredClone(input.request),
			createdAt: input.now,
			qualifiedAt: null,
			polls: 0,
		};
		this.stores[input.environment].set(lead.token, lead);
		return lead;
	}

	get(environment: Environment, token: string): StoredLead | undefined {
		return this.stores[environment].get(token);
	}

	/** By token, in either environment. */
	find(token: string): StoredLead | undefined {
		const key = token.toLowerCase();
		return this.stores.PREP.get(key) ?? this.stores.PROD.get(key);
	}

	/**
	 * A lead of this environment with the same email (trimmed, any case) and worktype, imported
	 * less than `windowDays` days before `now`, by any login. `windowDays` 0 disables the rule.
	 */
	findDuplicate(environment: Environment, email: string, worktype: string, windowDays: number, now: Date): StoredLead | undefined {
		if (windowDays <= 0) return undefined;
		const key = emailKey(email);
		const since = now.getTime() - windowDays * 86_400_000;
		for (const lead of this.stores[environment].values()) {
			if (lead.emailKey === key && lead.worktype === worktype && lead.createdAt.getTime() >= since) return lead;
		}
		return undefined;
	}

	all(): StoredLead[] {
		return [...this.stores.PREP.values(), ...this.stores.PROD.values()].sort((a, b) => a.id - b.id);
	}
}

export function publicLead(lead: StoredLead): SandboxLead {
	return {
		id: lead.id,
		token: lead.token,
		environment: lead.environment,
		login: lead.login,
		email: lead.email,
		worktype: lead.worktype,
		status: lead.status,
		supplierLeadId: lead.supplierLeadId,
		request: structuredClone(lead.request),
		createdAt: lead.createdAt.toISOString(),
		qualifiedAt: lead.qualifiedAt === null ? null : lead.qualifiedAt.toISOString(),
		polls: lead.polls,
	};
}
