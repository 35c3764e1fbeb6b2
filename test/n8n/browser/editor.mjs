// A user in n8n's editor: signs in, opens a workflow, runs it with "Execute workflow" and waits
// for the execution to end (read back through the REST API the editor itself uses).

export async function signIn(page, n8nUrl, { email, password }) {
  await page.goto(`${n8nUrl}/signin`);
  await page.locator('input[name=emailOrLdapLoginId]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.getByTestId('form-submit-button').click();
  await page.waitForURL((url) => !url.pathname.includes('signin'));
}

async function executionsOf(session, workflowId) {
  const list = await session.api('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`);
  return list.results ?? [];
}

/** Opens the workflow, clicks "Execute workflow", resolves the finished execution's summary. */
export async function executeInEditor(page, session, n8nUrl, workflowId, { timeoutMs = 60_000 } = {}) {
  const before = new Set((await executionsOf(session, workflowId)).map((e) => e.id));
  await page.goto(`${n8nUrl}/workflow/${workflowId}`);
  await page.getByTestId('execute-workflow-button').click();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const fresh = (await executionsOf(session, workflowId)).filter((e) => !before.has(e.id));
    const done = fresh.find((e) => !['new', 'running', 'waiting'].includes(e.status));
    if (done) return done;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`workflow ${workflowId}: no finished execution within ${timeoutMs / 1000} s`);
}
