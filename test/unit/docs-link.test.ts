/**
 * Issue 19: the panel's Docs link opens the README. n8n's editor (NodeSettings, 1.123.81 and
 * 2.41.1 alike) builds it as the node's `documentationUrl` when that starts with "http",
 * otherwise as the codex's first primaryDocumentation URL + "?" + its utm query. A fragment in
 * that URL ("#readme") swallowed the query: "#readme?utm_source=…" is no anchor on the page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import { BatiwebLead } from '../../harness/node-types';

const root = join(__dirname, '..', '..');
const codex = JSON.parse(readFileSync(join(root, 'nodes/BatiwebLead/BatiwebLead.node.json'), 'utf8'));
const homepage = new URL(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).homepage as string);

/** The Docs link as n8n's editor builds it for a node type. */
function docsUrl(description: Pick<INodeTypeDescription, 'name' | 'documentationUrl'>): string {
	if (description.documentationUrl?.startsWith('http')) return description.documentationUrl;
	const utm = new URLSearchParams({ utm_source: 'n8n_app', utm_medium: 'node_settings_modal-credential_link', utm_campaign: description.name });
	return `${codex.resources.primaryDocumentation[0].url}?${utm.toString()}`;
}

const node = new BatiwebLead();

it.each(Object.entries(node.nodeVersions))('version %s: the Docs link opens the repository page (its README), no fragment after the query', (_version, type) => {
	const url = new URL(docsUrl(type.description));
	expect(url.hash).toBe('');
	expect(`${url.origin}${url.pathname}`).toBe(`${homepage.origin}${homepage.pathname}`);
	expect(url.searchParams.get('utm_source')).toBe('n8n_app');
});
