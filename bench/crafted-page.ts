/**
 * CPU cost of reading hostile answers (issue 18): the crafted error page (HTTP 500, `password=`
 * then N backslashes) and an answer wrapped in PHP notices, read by the node's reading and
 * redaction (transport/reading.ts) with a 14-character password. Prints CPU milliseconds per
 * read (median of 5) for growing N: linear cost shows as a constant per-character figure.
 * Run: `npm run bench:answers`. A benchmark, not a test: nothing asserts on time.
 */
import { readHttpAnswer } from '../nodes/BatiwebLead/transport/reading';
import { redactor } from '../nodes/BatiwebLead/transport/redact';

const redact = redactor('Zx9#Qw4!"\\é€-end');

function cpuMs(work: () => unknown): number {
	const runs: number[] = [];
	for (let round = 0; round < 5; round++) {
		const before = process.cpuUsage();
		work();
		const used = process.cpuUsage(before);
		runs.push((used.user + used.system) / 1000);
	}
	return runs.sort((a, b) => a - b)[2];
}

const notice = '<br />\n<b>Notice</b>:  Undefined index: budget in <b>/var/www/json/lead/import.php</b> on line <b>87</b><br />\n';
const answer = JSON.stringify({ code: 0, message: 'Lead correctly imported', id: 1000001, token: 'ab'.repeat(64) });
console.log('page\tN\tCPU ms (median of 5)\tns per character\tread as');
for (const size of [50_000, 200_000, 1_000_000]) {
	const pages: Record<string, string> = {
		crafted: `password=${'\\'.repeat(size)}`,
		'crafted+quote': `password=${'\\'.repeat(size)}"`,
		notices: `${notice.repeat(Math.round(size / notice.length))}${answer}<!-- 0.012s -->`,
	};
	for (const [name, page] of Object.entries(pages)) {
		const status = name === 'notices' ? 200 : 500;
		let type = '';
		const ms = cpuMs(() => (type = readHttpAnswer(status, {}, page, undefined, { redact }).type));
		console.log(`${name}\t${size}\t${ms.toFixed(1)}\t${((ms * 1e6) / page.length).toFixed(1)}\t${type}`);
	}
}
