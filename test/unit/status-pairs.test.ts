/**
 * Issue 17 finding 7: Only Changes' work is linear in the items, whatever the tokens repeat. It
 * counts operations, never seconds: every step of an array iteration (for…of, spread, copies) in
 * the node's Only Changes functions, for 40,000 Get Status items, once with 40,000 tokens, once
 * with 1 token repeated, once with 200 tokens repeated 200 times each.
 */
import { changedFromPrevious, onlyChanges, statusPairs } from '../../nodes/BatiwebLead/actions/getStatus.operation';
import type { PreparedItem } from '../../nodes/BatiwebLead/actions/run';
import type { Outcome } from '../../nodes/BatiwebLead/outcome';

const ITEMS = 40_000;
/** Work allowed per item: a linear function does a few steps per item, a quadratic one thousands. */
const STEPS_PER_ITEM = 10;

function batch(count: number, distinctTokens: number): { items: PreparedItem[]; outcomes: Outcome[] } {
	const items: PreparedItem[] = [];
	const outcomes: Outcome[] = [];
	for (let index = 0; index < count; index++) {
		const token = (index % distinctTokens).toString(16).padStart(128, '0');
		items.push({ index, request: { token } as PreparedItem['request'] });
		outcomes.push({ kind: 'success', code: 0, message: 'ok', attempts: 1, data: { token, status: index % 3 } });
	}
	return { items, outcomes };
}

/** Counts the steps of every array iteration while `work` runs; stops it once over `budget`. */
function countSteps(budget: number, work: () => void): number {
	const original = Array.prototype[Symbol.iterator];
	let steps = 0;
	Array.prototype[Symbol.iterator] = function counted(this: unknown[]) {
		const iterator = original.call(this);
		return {
			next() {
				if (++steps > budget) throw new Error(`over budget: more than ${budget} steps`);
				return iterator.next();
			},
			[Symbol.iterator]() {
				return this;
			},
		} as ArrayIterator<unknown>;
	} as typeof original;
	try {
		work();
	} finally {
		Array.prototype[Symbol.iterator] = original;
	}
	return steps;
}

describe.each([
	['40,000 distinct tokens', ITEMS],
	['1 token repeated 40,000 times', 1],
	['200 tokens repeated 200 times', 200],
])('Only Changes over %s', (_label, distinct) => {
	const { items, outcomes } = batch(ITEMS, distinct);

	it('version 1 (statusPairs, onlyChanges): at most a few steps per item', () => {
		const steps = countSteps(STEPS_PER_ITEM * ITEMS, () => {
			const pairs = statusPairs(items, outcomes);
			const decided = onlyChanges(pairs, new Set(), outcomes);
			expect(decided.size).toBe(ITEMS);
		});
		expect(steps).toBeLessThanOrEqual(STEPS_PER_ITEM * ITEMS);
	});

	it('version 2 (changedFromPrevious): at most a few steps per item', () => {
		const steps = countSteps(STEPS_PER_ITEM * ITEMS, () => {
			const decided = changedFromPrevious(items, outcomes, (index) => index % 3);
			expect([...decided.values()].every((outcome) => outcome === null)).toBe(true);
		});
		expect(steps).toBeLessThanOrEqual(STEPS_PER_ITEM * ITEMS);
	});

	it('the count grows like the items: 4 times the items, at most 4 times the steps (plus a constant)', () => {
		const quarter = batch(ITEMS / 4, Math.max(1, distinct / 4));
		const run = (input: typeof quarter) =>
			countSteps(STEPS_PER_ITEM * ITEMS, () => void onlyChanges(statusPairs(input.items, input.outcomes), new Set(), input.outcomes));
		expect(run({ items, outcomes })).toBeLessThanOrEqual(4 * run(quarter) + 100);
	});
});
