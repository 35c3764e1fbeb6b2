/**
 * Base URLs × environments, with the decision for each (docs/reliability.md): loopback is
 * decided on the address WHATWG URL parsing gives; plain HTTP goes to this machine only, for PREP
 * as for PROD; no query, fragment or user info; endpoints are resolved under the Base URL's path.
 */
import { endpointUrl, unsafeTargetReason } from '../../nodes/BatiwebLead/transport/target';

type Decision = 'ok' | RegExp;
const HTTP_REFUSED = /plain HTTP is only allowed to this machine/;

/** [Base URL, decision for PREP, decision for PROD, why] */
const TABLE: Array<[string, Decision, Decision, string]> = [
	['https://webservices.e-travaux.com', 'ok', 'ok', 'the real service'],
	['HTTPS://WEBSERVICES.E-TRAVAUX.COM', 'ok', 'ok', 'upper-case scheme and host'],
	['https://webservices.e-travaux.com///', 'ok', 'ok', 'trailing slashes'],
	['https://proxy.example.com/batiweb', 'ok', 'ok', 'a path prefix'],
	['http://webservices.e-travaux.com', HTTP_REFUSED, HTTP_REFUSED, 'plain HTTP to another machine'],
	['HTTP://proxy.example.com', HTTP_REFUSED, HTTP_REFUSED, 'upper-case plain HTTP'],
	['http://127.0.0.1.example.com', HTTP_REFUSED, HTTP_REFUSED, 'a domain that starts like loopback'],
	['http://127.example.net', HTTP_REFUSED, HTTP_REFUSED, 'a domain that starts with 127.'],
	['http://localhost.example.com', HTTP_REFUSED, HTTP_REFUSED, 'a domain that starts with localhost'],
	['http://localhost.', HTTP_REFUSED, HTTP_REFUSED, 'localhost with a trailing dot is a DNS name'],
	['http://sub.localhost', HTTP_REFUSED, HTTP_REFUSED, 'a subdomain of localhost'],
	['http://[::ffff:7f00:1]', HTTP_REFUSED, HTTP_REFUSED, 'IPv4-mapped IPv6: only [::1] is IPv6 loopback here'],
	['http://[::ffff:127.0.0.1]:4010', HTTP_REFUSED, HTTP_REFUSED, 'IPv4-mapped IPv6, dotted'],
	['http://10.0.0.5:8080', HTTP_REFUSED, HTTP_REFUSED, 'a private address is another machine'],
	['http://0.0.0.0:4010', HTTP_REFUSED, HTTP_REFUSED, '0.0.0.0 is not loopback'],
	['http://127.0.0.1:4010', 'ok', 'ok', 'IPv4 loopback'],
	['http://127.1.2.3:4010/', 'ok', 'ok', 'anywhere in 127.0.0.0/8'],
	['http://0x7f.1:4010', 'ok', 'ok', 'parses to 127.0.0.1, where the connection goes'],
	['http://2130706433', 'ok', 'ok', 'the decimal form of 127.0.0.1'],
	['http://LOCALHOST:4010', 'ok', 'ok', 'localhost in capitals'],
	['http://[::1]:4010', 'ok', 'ok', 'IPv6 loopback'],
	['http://[0:0:0:0:0:0:0:1]', 'ok', 'ok', 'IPv6 loopback written in full'],
	['https://user:secret@webservices.e-travaux.com', /user name or password/, /user name or password/, 'user info'],
	['https://user@webservices.e-travaux.com', /user name or password/, /user name or password/, 'a user name alone'],
	['http://user:pw@127.0.0.1:4010', /user name or password/, /user name or password/, 'user info on loopback too'],
	['https://webservices.e-travaux.com?x=1', /query.*fragment/, /query.*fragment/, 'a query'],
	['https://webservices.e-travaux.com/?', /query.*fragment/, /query.*fragment/, 'an empty query'],
	['https://webservices.e-travaux.com#a', /query.*fragment/, /query.*fragment/, 'a fragment'],
	['ftp://webservices.e-travaux.com', /must start with https/, /must start with https/, 'another scheme'],
	['webservices.e-travaux.com', /not a valid URL/, /not a valid URL/, 'no scheme'],
	['', /not a valid URL/, /not a valid URL/, 'empty'],
];

describe.each(['PREP', 'PROD'] as const)('%s', (environment) => {
	it.each(TABLE)('%s → %s / %s (%s)', (baseUrl, prep, prod) => {
		const expected = environment === 'PREP' ? prep : prod;
		const reason = unsafeTargetReason(baseUrl, environment);
		if (expected === 'ok') expect(reason).toBeUndefined();
		else expect(reason).toMatch(expected);
	});
});

it('never quotes a refused Base URL that may hold a password', () => {
	for (const baseUrl of ['https://user:s3cr3t@example.com', 'not a url s3cr3t']) {
		expect(unsafeTargetReason(baseUrl, 'PROD')).not.toContain('s3cr3t');
	}
});

describe('endpoint URLs, by URL resolution', () => {
	it.each([
		['https://webservices.e-travaux.com', 'https://webservices.e-travaux.com/json/lead/import'],
		['https://webservices.e-travaux.com/', 'https://webservices.e-travaux.com/json/lead/import'],
		['https://webservices.e-travaux.com//', 'https://webservices.e-travaux.com/json/lead/import'],
		['https://proxy.example.com/batiweb', 'https://proxy.example.com/batiweb/json/lead/import'],
		['https://proxy.example.com/a/b/', 'https://proxy.example.com/a/b/json/lead/import'],
		['http://127.0.0.1:4010', 'http://127.0.0.1:4010/json/lead/import'],
	])('%s → %s', (baseUrl, url) => {
		expect(endpointUrl(baseUrl, 'import')).toBe(url);
	});
});
