import { z } from 'zod';

import { parseOrThrow } from './errors';
import { FAULT_ANSWERS } from './fault-answers';
import type { SeededRandom } from './random';
import { FAULT_KINDS, type ActiveFault, type EndpointName, type FaultSpec } from './types';

export const faultSpecSchema = z
	.object({
		kind: z.enum(FAULT_KINDS),
		count: z.number().int().positive().optional(),
		ratio: z.number().min(0).max(1).optional(),
		endpoint: z.enum(['is_sellable', 'import', 'status']).optional(),
		ms: z.number().int().nonnegative().optional(),
		jitterMs: z.number().int().nonnegative().optional(),
		status: z.number().int().min(400).max(599).optional(),
		retryAfter: z.number().int().nonnegative().optional(),
		processed: z.boolean().optional(),
	})
	.strict()
	.superRefine((spec, ctx) => {
		if (spec.kind === 'latency' && spec.ms === undefined) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['ms'], message: 'required for kind "latency"' });
		}
		if (spec.kind === 'http-status' && spec.status === undefined) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['status'], message: 'required for kind "http-status" (500, 502, 503, 504, 429...)' });
		}
	});

export function parseFaultSpec(input: unknown): FaultSpec {
	return parseOrThrow(faultSpecSchema, input, 'fault spec') as FaultSpec;
}

/** Whether the request is processed when this fault shapes its answer (see FAULT_ANSWERS). */
export function defaultProcessed(spec: FaultSpec): boolean {
	return FAULT_ANSWERS[spec.kind].processed(spec);
}

export function isProcessed(spec: FaultSpec): boolean {
	return spec.processed ?? defaultProcessed(spec);
}

export interface PickedFaults {
	/** A latency fault that fired: its delay adds to the global latency. */
	latency?: FaultSpec;
	/** The other fault that fired, which shapes the answer. */
	fault?: FaultSpec;
}

/**
 * The faults waiting for requests. For each request, faults are tried in the order they were
 * injected; at most one latency fault and one other fault fire. A `count` fault fires on the next
 * `count` matching requests; a `ratio` fault fires on a matching request when the seeded PRNG
 * draws below the ratio (and, with a count too, at most `count` times). A fault with neither is
 * a count of 1. Spent faults leave the plan.
 */
export class FaultPlan {
	private faults: ActiveFault[] = [];
	private nextId = 1;

	constructor(private readonly random: SeededRandom) {}

	add(spec: FaultSpec): ActiveFault {
		const clean: FaultSpec = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as FaultSpec;
		const remaining = clean.count ?? (clean.ratio === undefined ? 1 : null);
		const fault: ActiveFault = { id: this.nextId++, spec: clean, remaining, fired: 0 };
		this.faults.push(fault);
		return structuredClone(fault);
	}

	clear(): void {
		this.faults = [];
	}

	list(): ActiveFault[] {
		return structuredClone(this.faults);
	}

	pick(endpoint: EndpointName): PickedFaults {
		const picked: PickedFaults = {};
		for (const fault of this.faults) {
			const category = fault.spec.kind === 'latency' ? 'latency' : 'fault';
			if (picked[category] !== undefined) continue;
			if (fault.spec.endpoint !== undefined && fault.spec.endpoint !== endpoint) continue;
			if (fault.remaining !== null && fault.remaining <= 0) continue;
			const fires = fault.spec.ratio === undefined ? true : this.random.next() < fault.spec.ratio;
			if (!fires) continue;
			fault.fired++;
			if (fault.remaining !== null) fault.remaining--;
			picked[category] = fault.spec;
		}
		this.faults = this.faults.filter((fault) => fault.remaining === null || fault.remaining > 0);
		return picked;
	}
}
