/**
 * Under tsx, `import … from './BatiwebLead.node'` finds `BatiwebLead.node.json` (the node's codex
 * file) before `BatiwebLead.node.ts`: Node tries `.json` before the extensions tsx adds. Jest
 * tries `.ts` first, so the test harness works there. This makes an extension-less request that
 * lands on a `*.node.json` with a `*.node.ts` beside it load the TypeScript source, as jest does.
 * Imported for its effect by the engine harness (engine.ts), first; harmless under jest.
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';

type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleWithResolve = Module as unknown as { _resolveFilename: Resolve };
const resolve = moduleWithResolve._resolveFilename;

moduleWithResolve._resolveFilename = function (request: string, ...rest: unknown[]): string {
	const resolved = resolve.call(this, request, ...rest);
	if (resolved.endsWith('.node.json') && !request.endsWith('.json')) {
		const source = `${resolved.slice(0, -'.json'.length)}.ts`;
		if (existsSync(source)) return source;
	}
	return resolved;
};
