/**
 * A local Batiweb: an HTTP server that answers `/json/lead/is_sellable`, `/json/lead/import` and
 * `/json/lead/status` as Batiweb's 2023 doc says, with settable business rules, seeded fault
 * injection, a record of requests and a control interface under `/_sandbox/`.
 *
 * ```ts
 * const sandbox = await startSandbox();          // free port on 127.0.0.1, default accounts
 * // credential: baseUrl = sandbox.url, login "demo", password "demo-password", environment PREP
 * sandbox.injectFaults({ kind: 'http-status', status: 503, count: 1, endpoint: 'import' });
 * await sandbox.close();
 * ```
 */
export type {
	ActiveFault,
	EndpointName,
	Environment,
	FaultKind,
	FaultSpec,
	LeadCounts,
	RecordedAnswer,
	RecordedRequest,
	Sandbox,
	SandboxAccount,
	SandboxCounts,
	SandboxLead,
	SandboxOptions,
	SandboxRules,
} from './types';
export { FAULT_KINDS } from './types';
export { DEFAULT_ACCOUNTS } from './accounts';
export { DEFAULT_RULES } from './rules';
export { SandboxConfigError } from './errors';
export { CLI_DEFAULT_PORT, loadConfigFile, parseConfig } from './config';
export { defaultProcessed } from './faults';
export { PENDING_LABEL, PENDING_STATUS, FIRST_LEAD_ID } from './leads';
export { STATUS_OK_MESSAGE } from './service';
export { CONTROL_PREFIX, startSandbox } from './server';
