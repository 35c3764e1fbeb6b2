/**
 * Checks what `npm pack` would publish: the compiled node and credential that package.json's
 * `n8n` section names, the codex file and both icons, and nothing outside dist/ but the
 * package's own files. Run after `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface PackEntry {
	files: Array<{ path: string }>;
}

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
};
const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' })) as PackEntry[];
const files = new Set(pack.files.map((file) => file.path));

const required = [
	...packageJson.n8n.nodes,
	...packageJson.n8n.credentials,
	'dist/nodes/BatiwebLead/BatiwebLead.node.json',
	'dist/icons/batiweb.svg',
	'dist/icons/batiweb.dark.svg',
	'package.json',
	'README.md',
];
const missing = required.filter((path) => !files.has(path));
const stray = [...files].filter(
	(path) => !path.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE', 'LICENSE.md'].includes(path),
);
const leaked = [...files].filter((path) => /^dist\/(test|sandbox|scripts|bench|examples)\//.test(path));

const problems = [
	...missing.map((path) => `missing from the tarball: ${path}`),
	...stray.map((path) => `outside dist/: ${path}`),
	...leaked.map((path) => `not part of the published node: ${path}`),
];
if (packageJson.dependencies && Object.keys(packageJson.dependencies).length > 0) {
	problems.push('package.json has runtime dependencies (n8n forbids them)');
}
if (JSON.stringify(packageJson.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' })) {
	problems.push('peerDependencies must be exactly {"n8n-workflow": "*"}');
}
if (problems.length > 0) {
	console.error(problems.join('\n'));
	process.exit(1);
}
console.log(`npm pack: ${files.size} files, node, credential, codex and both icons present`);
