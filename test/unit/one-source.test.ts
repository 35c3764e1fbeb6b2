/**
 * Issue 18, the smaller points: one source of truth per fact, in the node's sources. Each fact
 * is looked for in every file under nodes/ and credentials/; it must be written in one place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function sources(folder: string): Array<[string, string]> {
	return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.ts'))
		.map((file) => [path.join(folder, file), readFileSync(path.join(ROOT, folder, file), 'utf8')]);
}
const files = [...sources('nodes'), ...sources('credentials')];
const where = (pattern: RegExp) => files.filter(([, text]) => pattern.test(text)).map(([file]) => file);

describe('one place per fact', () => {
	it('the "cancelled" outcome is built in one place (outcome.ts)', () => {
		expect(where(/kind: 'cancelled'/)).toEqual(['nodes/BatiwebLead/outcome.ts']);
	});

	it("answers' digit strings become numbers in one place (reading.ts)", () => {
		// A digits test followed by Number(…): `/^\d+$/.test(x) ? Number(x)`.
		expect(where(/\/\^\\d(\+|\{1,15\})\$\/\.test\([^)]*\)\s*\?\s*(String\()?Number\(/)).toEqual(['nodes/BatiwebLead/transport/reading.ts']);
	});

	it("the credential type's name is written once (the credentials file)", () => {
		expect(where(/'batiwebApi'/)).toEqual(['credentials/BatiwebApi.credentials.ts']);
	});
});

describe("the doc's sections, as cited", () => {
	it('no comment cites a section the doc does not have', () => {
		expect(where(/doc §|Format des requêtes/)).toEqual([]);
	});
});
