import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TABLES } from '../../nodes/BatiwebLead/catalog';
import { catalogTablesMarkdown, columnNamesMarkdown } from '../../scripts/catalog-tables';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

test('the README shows the mapping tables exactly as the catalog holds them (run `npm run docs:tables`)', () => {
	expect(readme).toContain(catalogTablesMarkdown());
});

test('the README lists the column names Map Automatically reads, as the alias table holds them (run `npm run docs:tables`)', () => {
	expect(readme).toContain(columnNamesMarkdown());
});

test('the catalog holds the doc\'s 121 worktypes, each code once', () => {
	const codes = TABLES.worktype.entries.map((entry) => entry.value);
	expect(codes).toHaveLength(121);
	expect(new Set(codes).size).toBe(121);
});
