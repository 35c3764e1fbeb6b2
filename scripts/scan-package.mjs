// n8n's verification scan (@n8n/scan-community-package), offline: the scanner's own ESLint
// config (buildScanConfig) on what it lints, inline disables ignored as it ignores them.
//   node scripts/scan-package.mjs source    nodes/, credentials/, package.json of this tree
//   node scripts/scan-package.mjs tarball   what `npm pack` publishes (run after the build)
// The scanner passes a package with warnings; this check does not. Its provenance step needs
// the published package: the publish workflow provides provenance (.github/workflows/publish.yml).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import glob from 'fast-glob';

// The scanner makes a temporary folder when loaded and leaves it: give it one we remove.
const scratch = mkdtempSync(join(tmpdir(), 'batiweb-scan-'));
process.env.TMPDIR = scratch;
const { SOURCE_FILE_PATTERNS, buildScanConfig } = await import('@n8n/scan-community-package/scanner/scanner.mjs');

async function scan(dir, patterns) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	if (files.length === 0) throw new Error(`nothing to scan in ${dir}`);
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
	const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
	if (errors + warnings > 0) process.stdout.write(await (await eslint.loadFormatter('stylish')).format(results));
	return { files: files.length, errors, warnings };
}

function unpackTarball() {
	const dir = join(scratch, 'package');
	mkdirSync(dir);
	const [{ filename }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--dry-run=false', '--pack-destination', dir], { encoding: 'utf8' }),
	);
	execFileSync('tar', ['-xzf', join(dir, filename), '-C', dir, '--strip-components=1']);
	return dir;
}

const what = process.argv[2] ?? 'source';
let dir = process.cwd();
let patterns = SOURCE_FILE_PATTERNS;
if (what === 'tarball') {
	dir = unpackTarball();
	patterns = ['**/*.js', 'package.json']; // as the scanner lints the downloaded package
} else if (what !== 'source') {
	throw new Error(`usage: scan-package.mjs source|tarball (got ${what})`);
}
try {
	const { files, errors, warnings } = await scan(dir, patterns);
	console.log(`n8n scanner checks on the ${what}: ${files} files, ${errors} errors, ${warnings} warnings`);
	if (errors + warnings > 0) process.exitCode = 1;
} finally {
	rmSync(scratch, { recursive: true, force: true });
}
