// n8n-core's InstanceSettings writes an encryption key under the user folder: keep it out of ~.
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

if (!process.env.N8N_USER_FOLDER) {
	const folder = path.join(os.tmpdir(), 'n8n-nodes-batiweb-tests');
	fs.mkdirSync(folder, { recursive: true });
	process.env.N8N_USER_FOLDER = folder;
}

// n8n's logger prints a node's failure to the console; the tests assert on it instead.
if (!process.env.N8N_LOG_LEVEL) process.env.N8N_LOG_LEVEL = 'silent';
