// Assertions for the real-n8n checks, on one workflow's result (see run-workflows.mjs).
import fs from 'node:fs';

export const BATIWEB_TYPE = 'n8n-nodes-batiweb.batiwebLead';

export class CheckError extends Error {}
export function assert(cond, message) {
  if (!cond) throw new CheckError(message);
}
export const show = (v) => JSON.stringify(v)?.slice(0, 400);

/** The Batiweb Lead nodes of the workflow (by name), from the imported source file. */
export function batiwebNodeNames(r) {
  const wf = JSON.parse(fs.readFileSync(r.file, 'utf8'));
  return wf.nodes.filter((n) => n.type === BATIWEB_TYPE).map((n) => n.name);
}
/** Items (json) of output `index` (0 = Success, 1 = Error) of a node's last run. */
export function items(r, nodeName, index) {
  const node = r.nodes?.[nodeName];
  assert(node, `node "${nodeName}" did not run (ran: ${Object.keys(r.nodes ?? {}).join(', ') || 'none'})`);
  return node.outputs[index] ?? [];
}
export const success = (r, node = 'Batiweb Lead') => items(r, node, 0);
export const errors = (r, node = 'Batiweb Lead') => items(r, node, 1);
