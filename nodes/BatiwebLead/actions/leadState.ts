/**
 * The lead's states in the node's memory, and their moves: the one table that Skip Leads Already
 * Sent (and the memory kept for n8n's Retry, see import.operation.ts) follows. docs/reliability.md
 * quotes it; test/engine/lead-state.test.ts walks every (state, event) pair through n8n's engine.
 *
 * n8n's de-duplication store can only "check and record" a key, remove a key, count: a lead's
 * state is read from two keys (memory.ts), `pending:` and `sent:`.
 */

/** The two keys of a lead, as found in the memory. */
export interface Marks {
	/** "A request may be on its way or may have reached Batiweb": verify before sending. */
	pending: boolean;
	/** "Batiweb answered that it has this lead" (code 0 with a token, or code 5). */
	sent: boolean;
}

export type LeadState = 'not-sent' | 'uncertain' | 'sent';

/**
 * pending wins: `pending` and `sent` together come from a crash between two writes (or while the
 * run read the memory); Batiweb is asked again, which is always safe.
 */
export function stateOf(marks: Marks): LeadState {
	if (marks.pending) return 'uncertain';
	return marks.sent ? 'sent' : 'not-sent';
}

/** The marks a state is written as (from `uncertain`, an existing `sent` mark is left as it is). */
export const MARKS_OF: Record<LeadState, Marks> = {
	'not-sent': { pending: false, sent: false },
	uncertain: { pending: true, sent: false },
	sent: { pending: false, sent: true },
};

export const LEAD_EVENTS = [
	'run-starts',
	'pending-recorded',
	'pending-write-failed',
	'verified-has-it',
	'verified-sellable',
	'verify-inconclusive',
	'accepted',
	'duplicate',
	'not-processed',
	'no-proof',
	'process-dies',
] as const;

export type LeadEvent = (typeof LEAD_EVENTS)[number];

/** What the run does with the lead after the move. */
export type Next = 'send' | 'verify' | 'skip' | 'import' | 'hold' | 'report' | 'none';

export interface Move {
	to: LeadState;
	next: Next;
	/** Why, in the words the item's `details.why` uses. */
	why: string;
}

/** A pair that cannot happen, and why (the table is total: the test checks every pair). */
export interface NoMove {
	impossible: string;
}

const NOT_SENT_YET = 'the lead is not pending here: this event needs a request made for it';

export const LEAD_MOVES: Record<LeadState, Record<LeadEvent, Move | NoMove>> = {
	'not-sent': {
		'run-starts': { to: 'not-sent', next: 'send', why: 'no earlier request of this node for this lead may have reached Batiweb' },
		'pending-recorded': { to: 'uncertain', next: 'import', why: 'marked pending, then sent' },
		'pending-write-failed': { to: 'not-sent', next: 'hold', why: "n8n's de-duplication store could not mark the lead pending, so it was not sent" },
		'verified-has-it': { impossible: 'only a pending lead is verified' },
		'verified-sellable': { impossible: 'only a pending lead is verified' },
		'verify-inconclusive': { impossible: 'only a pending lead is verified' },
		accepted: { impossible: NOT_SENT_YET },
		duplicate: { impossible: NOT_SENT_YET },
		'not-processed': { impossible: NOT_SENT_YET },
		'no-proof': { impossible: NOT_SENT_YET },
		'process-dies': { to: 'not-sent', next: 'none', why: 'nothing was sent: the next run sends it' },
	},
	uncertain: {
		'run-starts': { to: 'uncertain', next: 'verify', why: 'an earlier request for this lead may have reached Batiweb: Check Sellable is asked first' },
		'pending-recorded': { impossible: 'a pending lead is not marked again: it is verified' },
		'pending-write-failed': { impossible: 'a pending lead is not marked again: it is verified' },
		'verified-has-it': { to: 'sent', next: 'report', why: 'Check Sellable answers "Duplicate Lead": an earlier request most likely imported it, so it was not sent again' },
		'verified-sellable': { to: 'uncertain', next: 'import', why: 'Check Sellable answers that it can be sold, so Batiweb does not have it: sent again' },
		'verify-inconclusive': { to: 'uncertain', next: 'report', why: 'Check Sellable could not tell whether Batiweb has it, so it was not sent; the next run asks again' },
		accepted: { to: 'sent', next: 'none', why: 'Batiweb accepted it (code 0 with a token)' },
		duplicate: { to: 'sent', next: 'none', why: 'Batiweb answered that it has it (code 5)' },
		'not-processed': { to: 'not-sent', next: 'none', why: 'Batiweb certainly did not store it (a refusal, or a request that never left): the next run sends it' },
		'no-proof': { to: 'uncertain', next: 'none', why: 'the answer does not say whether Batiweb stored it: the next run verifies it before sending' },
		'process-dies': { to: 'uncertain', next: 'none', why: 'the next run verifies it before sending' },
	},
	sent: {
		'run-starts': { to: 'sent', next: 'skip', why: 'Batiweb answered an earlier run of this node that it has this lead' },
		'pending-recorded': { impossible: 'a sent lead is skipped, never sent' },
		'pending-write-failed': { impossible: 'a sent lead is skipped, never sent' },
		'verified-has-it': { impossible: 'only a pending lead is verified' },
		'verified-sellable': { impossible: 'only a pending lead is verified' },
		'verify-inconclusive': { impossible: 'only a pending lead is verified' },
		accepted: { impossible: 'a sent lead is skipped, never sent' },
		duplicate: { impossible: 'a sent lead is skipped, never sent' },
		'not-processed': { impossible: 'a sent lead is skipped, never sent' },
		'no-proof': { impossible: 'a sent lead is skipped, never sent' },
		'process-dies': { to: 'sent', next: 'none', why: 'the next run skips it' },
	},
};

export function isMove(entry: Move | NoMove): entry is Move {
	return 'to' in entry;
}

/** The move of a lead in `state` on `event`; a pair the table rules out is a bug in the node. */
export function move(state: LeadState, event: LeadEvent): Move {
	const entry = LEAD_MOVES[state][event];
	if (!isMove(entry)) throw new Error(`Lead state table: "${event}" cannot happen to a lead in state "${state}" (${entry.impossible})`);
	return entry;
}

/** The store writes that take a lead from the marks found to a state, in the order they must be made. */
export interface Writes {
	recordPending: boolean;
	recordSent: boolean;
	/** Made only once recordSent is durable: a crash in between only costs a verification. */
	removePending: boolean;
	removeSent: boolean;
}

export function writesFor(found: Marks, to: LeadState): Writes {
	const target = MARKS_OF[to];
	return {
		recordPending: target.pending && !found.pending,
		recordSent: target.sent && !found.sent,
		removePending: !target.pending && found.pending,
		// From `uncertain`, a `sent` mark found stays (pending decides); `not-sent` clears both.
		removeSent: to === 'not-sent' && found.sent,
	};
}

/** The marks after the writes (what the memory holds once they are made). */
export function marksAfter(found: Marks, to: LeadState): Marks {
	const writes = writesFor(found, to);
	return {
		pending: (found.pending || writes.recordPending) && !writes.removePending,
		sent: (found.sent || writes.recordSent) && !writes.removeSent,
	};
}
