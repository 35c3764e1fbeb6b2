// The node's waits (rate limit, backoff, de-duplication retry) must end when the execution is
// cancelled on every supported n8n: n8n 1.x's sleep(ms) ignores a signal, its sleepWithAbort does not.
describe('transport/wait: an abortable sleep on n8n 1.x and 2.x', () => {
	afterEach(() => jest.resetModules());

	test('n8n 1.x (sleepWithAbort exported): a cancelled wait ends at once', async () => {
		jest.doMock('n8n-workflow', () => {
			const actual = jest.requireActual('n8n-workflow');
			// n8n-workflow 1.120's own shapes: a sleep that ignores the signal, and sleepWithAbort.
			const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
			const sleepWithAbort = async (ms: number, signal?: AbortSignal) =>
				await new Promise<void>((resolve, reject) => {
					const timer = setTimeout(resolve, ms);
					signal?.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('cancelled'))), { once: true });
				});
			return { ...actual, sleep, sleepWithAbort };
		});
		const { sleep } = await import('../../nodes/BatiwebLead/transport/wait');
		const controller = new AbortController();
		const waiting = sleep(60_000, controller.signal);
		controller.abort();
		await expect(waiting).rejects.toThrow('cancelled');
	});

	test('n8n 2.x (no sleepWithAbort): sleep(ms, signal) itself, which ends at once when cancelled', async () => {
		const { sleep } = await import('../../nodes/BatiwebLead/transport/wait');
		const controller = new AbortController();
		const waiting = sleep(60_000, controller.signal);
		controller.abort();
		await expect(waiting).rejects.toBeDefined();
	});
});
