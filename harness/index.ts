/**
 * The engine harness: runs workflows through n8n's own engine (n8n-core) with the real node
 * classes, for the tests and the demo (scripts/demo.ts).
 */
export { testAdditionalData, TestCredentialsHelper } from './additional-data';
export { chatMessage, registerAiStandIns, transcriptOf, type AgentTranscript, type ScriptedToolCall } from './ai-stand-ins';
export { dataTableRows, resetDataTables } from './data-tables';
export { deduplicator } from './deduplicator';
export {
	EXAMPLE_FILES,
	EXAMPLES_DIR,
	formPost,
	freshLeadsTable,
	loadExample,
	pollingRows,
	pollingWithTokens,
	probeNode,
	readExample,
	scheduleTick,
	withNode,
	withNodeAfter,
	type ExampleFile,
	type ExampleWorkflow,
} from './examples';
export { credentialData, credentialsFor, EXAMPLE_RULES, lead, MOBILE_WRITINGS } from './fixtures';
export { BatiwebLead, nodeTypes, registerNodeType } from './node-types';
export { runWorkflow, type RunOptions, type RunResult, type WorkflowDefinition } from './run-workflow';
export { IMPORT_FROM_BODY, LEAD_NODE, leadNode, parametersFromBody, posted, TRIGGER_NODE, webhookToLead, webhookTrigger } from './workflows';
