import * as workflow from 'n8n-workflow';

type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

// n8n 2.x: sleep(ms, signal) ends early when the execution is cancelled. n8n 1.x's sleep(ms)
// ignores a signal; its abortable wait is sleepWithAbort (gone in 2.x). See docs/compatibility.md.
const n8n1SleepWithAbort = (workflow as unknown as { sleepWithAbort?: Sleep }).sleepWithAbort;

/** n8n's abortable wait, on every supported n8n version. */
export const sleep: Sleep = n8n1SleepWithAbort ?? workflow.sleep;
