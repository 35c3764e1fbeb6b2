import { z } from 'zod';

import { tableValues } from '../nodes/BatiwebLead/catalog';
import { parseOrThrow } from './errors';
import type { SandboxRules } from './types';

/**
 * The sandbox's business rules (codes 4, 5, 6 and the status progression). The doc gives none of
 * them: these are the sandbox's own, settable by config, over `/_sandbox/rules` and by
 * `sandbox.setRules()`.
 */
export const DEFAULT_RULES: Readonly<SandboxRules> = Object.freeze({
	notSellableZipcodes: [],
	notSellableWorktypes: [],
	notSellablePairs: [],
	duplicateWindowDays: 30,
	// Structural and exterior works, which a tenant cannot order: house construction, large
	// structural work, house extension, raising (masonry and timber), external insulation, facade
	// renovation, timber-frame house, earthworks.
	ownerOnlyWorktypes: ['4', '183', '258', '216', '28', '56', '54', '184', '12'],
	pollsBeforeQualified: 2,
});

const WORKTYPE_CODES = new Set(tableValues('worktype'));

const worktypeCode = z
	.union([z.string(), z.number().int()])
	.transform((value) => String(value).trim())
	.superRefine((value, ctx) => {
		if (!WORKTYPE_CODES.has(value)) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `unknown worktype "${value}" (not a code of the catalog)` });
		}
	});

const zipcodePrefix = z
	.string()
	.regex(/^\d{1,5}$/, 'must be a string of 1 to 5 digits (a zipcode or a zipcode prefix such as "75")');

export const rulesPatchSchema = z
	.object({
		notSellableZipcodes: z.array(zipcodePrefix),
		notSellableWorktypes: z.array(worktypeCode),
		notSellablePairs: z.array(z.object({ worktype: worktypeCode, zipcode: zipcodePrefix }).strict()),
		duplicateWindowDays: z.number().finite().nonnegative(),
		ownerOnlyWorktypes: z.array(worktypeCode),
		pollsBeforeQualified: z.number().int().nonnegative(),
	})
	.partial()
	.strict();

function copyRules(rules: Readonly<SandboxRules>): SandboxRules {
	return {
		notSellableZipcodes: [...rules.notSellableZipcodes],
		notSellableWorktypes: [...rules.notSellableWorktypes],
		notSellablePairs: rules.notSellablePairs.map((pair) => ({ ...pair })),
		duplicateWindowDays: rules.duplicateWindowDays,
		ownerOnlyWorktypes: [...rules.ownerOnlyWorktypes],
		pollsBeforeQualified: rules.pollsBeforeQualified,
	};
}

/** The rules with `patch` applied, validated; throws a SandboxConfigError naming the key at fault. */
export function mergeRules(base: Readonly<SandboxRules>, patch: unknown, prefix: (string | number)[] = ['rules']): SandboxRules {
	const parsed = parseOrThrow(rulesPatchSchema, patch ?? {}, 'rules', prefix);
	const merged = copyRules(base);
	for (const [key, value] of Object.entries(parsed)) {
		if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
	}
	return copyRules(merged);
}

export function cloneRules(rules: Readonly<SandboxRules>): SandboxRules {
	return copyRules(rules);
}

/** Why a lead is not bought (code 4), or undefined when it is. */
export function notSellableReason(rules: Readonly<SandboxRules>, zipcode: string, worktype: string): string | undefined {
	const zip = rules.notSellableZipcodes.find((prefix) => zipcode.startsWith(prefix));
	if (zip !== undefined) return `notSellableZipcodes "${zip}"`;
	if (rules.notSellableWorktypes.includes(worktype)) return `notSellableWorktypes "${worktype}"`;
	const pair = rules.notSellablePairs.find((p) => p.worktype === worktype && zipcode.startsWith(p.zipcode));
	if (pair !== undefined) return `notSellablePairs "${pair.worktype}" in "${pair.zipcode}"`;
	return undefined;
}

/** Whether a tenant's lead for this worktype is refused (code 6). */
export function isOwnerOnly(rules: Readonly<SandboxRules>, worktype: string): boolean {
	return rules.ownerOnlyWorktypes.includes(worktype);
}
