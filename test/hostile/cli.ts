/**
 * Runs the hostile server (server.ts) on its own, for a real n8n (test/n8n/suites/hostile.mjs):
 * prints `{url, elsewhereUrl, tlsUrl}` as one JSON line, then serves until SIGTERM/SIGINT.
 * `GET <url>/__received` answers what each listener received and how many connections it took.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startHostile } from './server';

async function main(): Promise<void> {
	const hostile = await startHostile();
	const control = createServer((req, res) => {
		res.writeHead(200, { 'Content-Type': 'application/json' });
		if (req.url === '/clear') {
			hostile.clear();
			res.end('{}');
			return;
		}
		res.end(
			JSON.stringify({
				received: hostile.received(),
				connections: { main: hostile.connections('main'), elsewhere: hostile.connections('elsewhere'), tls: hostile.connections('tls') },
			}),
		);
	});
	await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
	const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
	process.stdout.write(`${JSON.stringify({ url: hostile.url, elsewhereUrl: hostile.elsewhereUrl, tlsUrl: hostile.tlsUrl, controlUrl })}\n`);
	const stop = async () => {
		control.close();
		await hostile.close();
		process.exit(0);
	};
	process.on('SIGTERM', () => void stop());
	process.on('SIGINT', () => void stop());
}

void main();
