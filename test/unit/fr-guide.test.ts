/**
 * Issue 19: a short guide in French (docs/fr/guide.md), linked from the README's first lines. It
 * explains every error kind the node can give and names example files that exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { OUTCOME_KINDS } from '../../nodes/BatiwebLead/outcome';

const root = join(__dirname, '..', '..');
const guide = readFileSync(join(root, 'docs/fr/guide.md'), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

test("the README links the guide in its first lines", () => {
	expect(readme.split('\n').slice(0, 12).join('\n')).toContain('](docs/fr/guide.md)');
});

test('the guide explains every error kind, each in a row of its table', () => {
	const rows = new Set([...guide.matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1]).filter((name) => name !== 'kind'));
	expect([...rows].sort()).toEqual(Object.keys(OUTCOME_KINDS).filter((kind) => kind !== 'success').sort());
});

test('the example files the guide names exist', () => {
	const files = [...guide.matchAll(/`(examples\/[^`]+\.json)`/g)].map((match) => match[1]);
	expect(files.length).toBeGreaterThanOrEqual(4);
	for (const file of files) expect(existsSync(join(root, file))).toBe(true);
});

test('the anchors of its table of contents exist', () => {
	const headings = new Set(
		[...guide.matchAll(/^## (.+)$/gm)].map((match) =>
			match[1].toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-'),
		),
	);
	for (const [, anchor] of guide.matchAll(/\]\(#([^)]+)\)/g)) expect(headings).toContain(anchor);
});
