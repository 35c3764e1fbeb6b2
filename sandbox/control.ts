/**
 * The control interface under `/_sandbox/`: the same operations as the programmatic Sandbox API
 * (record, faults, rules, leads, reset), over HTTP, for the CLI sandbox and real-n8n runs.
 */
import type { ServerResponse } from 'node:http';

import { SandboxConfigError } from './errors';
import { parseFaultSpec } from './faults';
import { parseBody, sendJson } from './http';
import { isSettableStatus } from './leads';
import type { ActiveFault, FaultSpec, Sandbox, SandboxLead, SandboxRules } from './types';

/** The control interface lives under this path. */
export const CONTROL_PREFIX = '/_sandbox/';

/** What the control interface needs of the running sandbox, beyond its public API. */
export interface Controlled extends Sandbox {
	health(): object;
	addFault(spec: FaultSpec): ActiveFault;
	lead(token: string): SandboxLead | undefined;
}

class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly allow?: string[],
	) {
		super(message);
	}
}

export function isControlPath(path: string): boolean {
	return path === '/_sandbox' || path.startsWith(CONTROL_PREFIX);
}

export function control(sandbox: Controlled, res: ServerResponse, method: string, path: string, bodyText: string): void {
	const route = path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '');
	const parsed = parseBody(bodyText);
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
			return sendJson(res, 200, sandbox.health());
		}
		if (route === 'requests') {
			allow('GET', 'DELETE');
			if (method === 'GET') return sendJson(res, 200, sandbox.requests());
			sandbox.clearRequests();
			return sendJson(res, 200, { ok: true });
		}
		if (route === 'faults') {
			allow('GET', 'POST', 'DELETE');
			if (method === 'GET') return sendJson(res, 200, sandbox.faults());
			if (method === 'DELETE') {
				sandbox.clearFaults();
				return sendJson(res, 200, { ok: true });
			}
			const input = needJson();
			const specs = (Array.isArray(input) ? input : [input]).map((spec) => parseFaultSpec(spec));
			const added = specs.map((spec) => sandbox.addFault(spec));
			return sendJson(res, 200, { ok: true, added, faults: sandbox.faults() });
		}
		if (route === 'rules') {
			allow('GET', 'PUT');
			if (method === 'PUT') sandbox.setRules(needJson() as Partial<SandboxRules>);
			return sendJson(res, 200, method === 'PUT' ? { ok: true, rules: sandbox.rules() } : sandbox.rules());
		}
		if (route === 'leads') {
			allow('GET');
			return sendJson(res, 200, sandbox.leads());
		}
		if (route === 'counts') {
			allow('GET');
			return sendJson(res, 200, sandbox.counts());
		}
		const statusRoute = /^leads\/([^/]+)\/status$/.exec(route);
		if (statusRoute !== null) {
			allow('POST');
			const token = decodeURIComponent(statusRoute[1]);
			const input = needJson();
			const status = input !== null && typeof input === 'object' ? (input as Record<string, unknown>).status : undefined;
			if (sandbox.lead(token) === undefined) throw new ControlError(404, 'Unknown lead token');
			if (!isSettableStatus(status)) throw new ControlError(400, 'status: 0 or a value of the Status table');
			sandbox.setStatus(token, status);
			return sendJson(res, 200, { ok: true, lead: sandbox.lead(token) ?? null });
		}
		if (route === 'reset') {
			allow('POST');
			sandbox.reset();
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
