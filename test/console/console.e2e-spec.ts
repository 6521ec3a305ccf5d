import { INTERNAL_TOPICS } from '@app/events';
import { verifySignature } from '@app/formatters';
import { Page } from 'playwright-core';
import { Browser, expectLocator as expectPage, launchBrowser } from '../support/browser';
import { printLogsOnFailure, tagPush } from '../support/helpers';
import { TopicCollector } from '../support/kafka';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

/**
 * The web console in a real browser (Debian's Chromium through playwright-core) against the real
 * stack: both apps, Kafka, PostgreSQL and loopback receivers. The steps build on each other, as a
 * person's visit would; each screen is written to test/output/console/ for people to look at.
 */
describe('web console', () => {
  let stack: Stack;
  let receiver: Receiver;
  let hostile: Receiver;
  let flaky: Receiver;
  let subscriptionsTopic: TopicCollector;
  let browser: Browser;
  let page: Page;
  let base: string;
  const created: { id: string; secret: string } = { id: '', secret: '' };
  const HOSTILE = '<img src=x onerror="window.__pwned=1">';

  const heading = (name: string) => page.getByRole('heading', { name, exact: true });
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  const openWebhook = async (name: string) => {
    await page.goto(`${base}/console/`);
    await page.getByRole('link', { name, exact: true }).click();
    await expectPage(heading(name)).toBeVisible();
  };

  beforeAll(async () => {
    stack = await startStack({ dispatchers: 1 });
    base = stack.subscriptionsUrl;
    subscriptionsTopic = await stack.consume(INTERNAL_TOPICS.subscriptions);
    receiver = await startReceiver();
    receiver.respondWith(() => ({
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: 'received by the test receiver',
    }));
    flaky = await startReceiver();
    hostile = await startReceiver();
    hostile.respondWith(() => ({
      status: 200,
      headers: { 'content-type': 'text/html', 'x-note': HOSTILE },
      body: `${HOSTILE}<script>window.__pwned=2</script>`,
    }));
    browser = await launchBrowser(base);
    page = browser.page;
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await hostile?.close();
    await flaky?.close();
    await stack?.stop();
  });

  printLogsOnFailure(() => stack);

  it('is served at /console with its Content-Security-Policy, nosniff and no framing; / leads there', async () => {
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const index = await fetch(`${base}/console/`);
    expect(index.status).toBe(200);
    const csp = index.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1];
    const script = await fetch(`${base}${asset}`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    // A console route is the app's index.html; a missing asset is a 404, not the app.
    const route = await fetch(`${base}/console/webhooks/anything`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(html);
    expect((await fetch(`${base}/console/assets/missing.js`)).status).toBe(404);
  });

  it('signs in with the "Bearer token" form, keeping the token in sessionStorage only', async () => {
    await page.goto(`${base}/`);
    await expectPage(page.getByLabel('Bearer token')).toBeVisible();
    await browser.screenshot('01-sign-in');
    await page.getByLabel('Bearer token').fill(stack.adminToken);
    await button('Sign in').click();
    await expectPage(heading('Webhooks')).toBeVisible();
    expect(page.url()).toBe(`${base}/console/`);
    const storage = await page.evaluate(() => ({
      session: Object.keys(sessionStorage).map((key) => sessionStorage.getItem(key)),
      local: localStorage.length,
    }));
    expect(storage).toEqual({ session: [stack.adminToken], local: 0 });
    await expectPage(page.getByText('No webhooks yet.')).toBeVisible();
  });

  it('creates a webhook through the form, with a live preview, and shows its secret once', async () => {
    await page.getByRole('link', { name: 'New webhook' }).click();
    await page.getByLabel('Name', { exact: true }).fill('consolehook1');
    await page.getByLabel('Description').fill('Built in the browser test');
    await page.getByLabel('Repository', { exact: true }).fill('foo/bar');
    await page.getByLabel('Tag filter').fill('1.*');
    await page.getByRole('checkbox', { name: 'TAG_PUSH', exact: true }).check();
    await page.getByRole('checkbox', { name: 'SCAN_COMPLETED', exact: true }).check();
    await page.getByLabel('URL', { exact: true }).fill(receiver.url);
    await page.getByLabel('Headers', { exact: true }).fill('X-Team: build');
    await page.getByLabel('Retry schedule').fill('1s, 1s');
    const preview = page.getByRole('region', { name: 'Preview' });
    await expectPage(preview.getByRole('table', { name: 'Preview headers' })).toContainText('x-teambuild');
    await expectPage(preview.getByLabel('Preview body')).toContainText('"type": "TAG_PUSH"');
    await browser.screenshot('02-new-webhook');
    await page.getByLabel('Target type').selectOption('slack');
    await expectPage(preview.getByRole('region', { name: 'Slack message' })).toContainText('Tag pushed');
    await browser.screenshot('03-new-webhook-slack-preview', preview);
    await page.getByLabel('Target type').selectOption('http');

    await button('Create').click();
    const secret = page.getByRole('region', { name: 'Signing secret' });
    await expectPage(secret).toBeVisible();
    created.secret = (await secret.getByLabel('Signing secret').textContent())!;
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    created.id = page.url().split('/').at(-1)!;
    await secret.getByRole('button', { name: 'Copy' }).click();
    await expectPage(secret.getByText('Copied')).toBeVisible();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(created.secret);
    await browser.screenshot('04-secret-once');

    const stored = await stack.request('GET', `/api/v1/webhooks/${created.id}`);
    expect(stored.body).toMatchObject({
      name: 'consolehook1',
      description: 'Built in the browser test',
      scope: { type: 'repository', repository: 'foo/bar', tag: '1.*' },
      events: ['TAG_PUSH', 'SCAN_COMPLETED'],
      target: { type: 'http', url: receiver.url, headers: { 'X-Team': 'build' } },
      retry: { schedule: ['1s', '1s'] },
    });
    await page.reload();
    await expectPage(heading('consolehook1')).toBeVisible();
    await expectPage(page.getByRole('region', { name: 'Signing secret' })).toHaveCount(0);
    expect(await page.content()).not.toContain(created.secret);
    await subscriptionsTopic.waitFor(1, 15_000, (m) => m.key === created.id);
  });

  it('pings the webhook: Success (200), its duration and, behind View details, the response', async () => {
    await button('Ping').click();
    await expectPage(page.getByText('Success (200)')).toBeVisible();
    await button('View details').click();
    await expectPage(page.getByLabel('Ping response body')).toHaveText('received by the test receiver');
    const [ping] = await receiver.waitForRequests(1);
    expect(JSON.parse(ping.body)).toMatchObject({ type: 'PING' });
    await browser.screenshot('05-webhook-detail-ping');
  });

  it('shows a produced event’s delivery as it arrives, with its response', async () => {
    await page.getByRole('link', { name: 'Deliveries', exact: true }).click();
    await expectPage(heading('Deliveries of consolehook1')).toBeVisible();
    // The dispatcher's view of the new webhook settles within a fetch wait.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await stack.produceEvent(tagPush('foo/bar', '1.2'));
    const table = page.getByRole('table', { name: 'Deliveries' });
    const row = table.getByRole('row').filter({ hasText: 'TAG_PUSH' });
    await expectPage(row).toHaveCount(1, { timeout: 30_000 });
    await expectPage(row).toContainText('succeeded', { timeout: 15_000 });
    await expectPage(row).toContainText('foo/bar');
    await expectPage(row).toContainText('1.2');
    await page.getByLabel('Tag', { exact: true }).fill('9.9');
    await expectPage(table.getByRole('row')).toHaveCount(1);
    await page.getByLabel('Tag', { exact: true }).fill('1.2');
    await expectPage(row).toHaveCount(1);
    await browser.screenshot('06-deliveries');
  });

  it('opens the delivery: every attempt’s request and response, Copy as curl', async () => {
    await page
      .getByRole('table', { name: 'Deliveries' })
      .getByRole('row')
      .filter({ hasText: 'TAG_PUSH' })
      .getByRole('link')
      .click();
    const attempt = page.getByRole('article', { name: 'Attempt 1: succeeded (200)' });
    await expectPage(attempt).toBeVisible();
    await expectPage(attempt.getByLabel('Request URL')).toHaveText(receiver.url);
    await expectPage(attempt.getByRole('table', { name: 'Request headers' })).toContainText(
      'webhook-signature',
    );
    await expectPage(attempt.getByLabel('Request body')).toContainText('"repository": "foo/bar"');
    await expectPage(attempt.getByLabel('Response status')).toHaveText('200');
    await expectPage(attempt.getByLabel('Response body')).toHaveText('received by the test receiver');
    await attempt.getByRole('button', { name: 'Copy as curl' }).click();
    const curl = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(curl.split(' \\\n')).toEqual(
      expect.arrayContaining([
        `curl -X POST '${receiver.url}'`,
        "  -H 'x-team: build'",
        expect.stringMatching(/^ {2}--data-raw '\{/),
      ]),
    );
    await browser.screenshot('07-delivery-attempts');
  });

  it('redelivers: the receiver gets the same event again', async () => {
    const before = receiver.requests.filter((r) => JSON.parse(r.body).type === 'TAG_PUSH');
    expect(before).toHaveLength(1);
    await button('Redeliver').click();
    await expectPage(page.getByText(/^Queued as delivery /)).toBeVisible();
    const again = await receiver.waitForRequests(2, 30_000, (r) => JSON.parse(r.body).type === 'TAG_PUSH');
    expect(JSON.parse(again[1].body).id).toBe(JSON.parse(before[0].body).id);
    expect(again[1].headers['webhook-id']).not.toBe(before[0].headers['webhook-id']);
  });

  it('rotates the secret: the new one shown once, the overlap stated, both signing meanwhile', async () => {
    await openWebhook('consolehook1');
    await button('Rotate secret').click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
    await expectPage(dialog).toContainText('overlap window');
    await browser.screenshot('08-rotate-confirm');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    const secret = page.getByRole('region', { name: 'New signing secret' });
    await expectPage(secret).toContainText('The previous secret keeps signing alongside the new one until');
    await expectPage(secret).toContainText('(24 hours from now)');
    const rotated = (await secret.getByLabel('Signing secret').textContent())!;
    expect(rotated).not.toBe(created.secret);
    await browser.screenshot('09-rotated-secret');

    const pings = receiver.requests.length;
    await button('Ping').click();
    await expectPage(page.getByText('Success (200)')).toBeVisible();
    const ping = receiver.requests[pings];
    const signed = (secretValue: string) =>
      verifySignature({
        secret: secretValue,
        webhookId: ping.headers['webhook-id'],
        timestamp: Number(ping.headers['webhook-timestamp']),
        body: ping.body,
        signatureHeader: ping.headers['webhook-signature'],
      });
    expect(ping.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect([signed(rotated), signed(created.secret)]).toEqual([true, true]);
  });

  it('shows the deliveries chart and the last trigger per event type', async () => {
    await page.reload();
    await expectPage(
      page.getByRole('img', { name: /^2 deliveries in the last 24 hours, 0 failed \(0 %\)$/ }),
    ).toBeVisible();
    await expectPage(page.getByRole('table', { name: 'Last trigger per event type' })).toContainText(
      'TAG_PUSH',
    );
    await browser.screenshot('10-webhook-detail');
  });

  it('lists webhooks with a count before a bulk action is confirmed', async () => {
    for (const name of ['bulkhook01', 'bulkhook02']) {
      await stack.createWebhook({
        name,
        scope: { type: 'repository', repository: 'foo/bar' },
        events: ['TAG_PUSH'],
        target: { type: 'teams', url: 'https://example.webhook.office.com/webhookb2/x' },
      });
    }
    await page.goto(`${base}/console/`);
    for (const name of ['bulkhook01', 'bulkhook02'])
      await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await expectPage(page.getByText('2 webhooks selected')).toBeVisible();
    await button('Disable').click();
    const dialog = page.getByRole('dialog', { name: 'Disable 2 webhooks?' });
    await expectPage(dialog).toContainText('bulkhook01');
    await browser.screenshot('11-bulk-confirm');
    await dialog.getByRole('button', { name: 'Disable 2 webhooks' }).click();
    await expectPage(page.getByRole('status').filter({ hasText: '2 webhooks disabled' })).toBeVisible();
    const row = (name: string) =>
      page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await expectPage(row('bulkhook01')).toContainText('disabled');
    await expectPage(row('consolehook1')).toContainText('enabled');
    await expectPage(row('consolehook1')).toContainText('0 %');
    await page.getByLabel('Status').selectOption('false');
    await expectPage(page.getByRole('link', { name: 'consolehook1' })).toHaveCount(0);
    await page.getByLabel('Status').selectOption('');
    await expectPage(page.getByRole('link', { name: 'consolehook1' })).toHaveCount(1);
    await browser.screenshot('12-webhooks');
  });

  it('edits a webhook without touching what it does not show', async () => {
    await openWebhook('consolehook1');
    await page.getByRole('link', { name: 'Edit' }).click();
    await expectPage(page.getByLabel('Name', { exact: true })).toHaveValue('consolehook1');
    await page.getByLabel('Format').selectOption('cloudevents');
    await page.getByLabel('CloudEvents mode').selectOption('binary');
    await expectPage(page.getByRole('table', { name: 'Preview headers' })).toContainText('ce-type');
    await browser.screenshot('13-edit-webhook');
    await button('Save').click();
    await expectPage(heading('consolehook1')).toBeVisible();
    const stored = (await stack.request('GET', `/api/v1/webhooks/${created.id}`)).body;
    expect(stored).toMatchObject({
      format: 'cloudevents',
      cloudEventsMode: 'binary',
      target: { headers: { 'X-Team': 'build' } },
    });
  });

  it('lists the event types with examples and links to their JSON Schema', async () => {
    await page.getByRole('link', { name: 'Event types' }).click();
    const type = page.getByRole('article', { name: 'REPLICATION_COMPLETED' });
    await type.getByText('Example REPLICATION_COMPLETED event').click();
    await expectPage(type.getByLabel('REPLICATION_COMPLETED example')).toContainText('"library-to-dr"');
    const schema = await type
      .getByRole('link', { name: 'JSON Schema of REPLICATION_COMPLETED' })
      .getAttribute('href');
    const served = await fetch(`${base}${schema}`);
    expect(served.status).toBe(200);
    expect(((await served.json()) as { title: string }).title).toBe('registry.replication.v1 event');
    await browser.screenshot('14-event-types');
  });

  it('recovers a delivery that failed for good once the receiver is back', async () => {
    let failing = true;
    flaky.respondWith(() =>
      failing ? { status: 500, body: 'down for maintenance' } : { status: 200, body: 'back' },
    );
    const hook = await stack.createWebhook({
      name: 'flakyhook1',
      scope: { type: 'repository', repository: 'flaky/app' },
      events: ['TAG_PUSH'],
      target: { type: 'http', url: flaky.url },
      retry: { schedule: ['1s'] },
    });
    await subscriptionsTopic.waitFor(1, 15_000, (m) => m.key === hook.id);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await stack.produceEvent(tagPush('flaky/app', '2.0'));
    await flaky.waitForRequests(2, 30_000);

    await openWebhook('flakyhook1');
    await page.getByRole('link', { name: 'Deliveries', exact: true }).click();
    const row = page
      .getByRole('table', { name: 'Deliveries' })
      .getByRole('row')
      .filter({ hasText: 'TAG_PUSH' });
    await expectPage(row).toContainText('dead', { timeout: 30_000 });
    await expectPage(row).toContainText('2');
    await page.getByRole('link', { name: 'Overview' }).click();
    await expectPage(
      page.getByRole('img', { name: /^1 delivery in the last 24 hours, 1 failed \(100 %\)$/ }),
    ).toBeVisible();
    failing = false;
    await button('Recover failed since…').click();
    const dialog = page.getByRole('dialog', { name: 'Recover failed deliveries' });
    await expectPage(dialog.getByLabel('Since')).toBeVisible();
    await browser.screenshot('15-recover-confirm');
    await dialog.getByRole('button', { name: 'Recover' }).click();
    await expectPage(page.getByText(/^1 delivery since .* queued for redelivery\./)).toBeVisible();
    const [, , recovered] = await flaky.waitForRequests(3, 30_000);
    expect(JSON.parse(recovered.body)).toMatchObject({
      type: 'TAG_PUSH',
      target: { repository: 'flaky/app', tag: '2.0' },
    });
    await page.getByRole('link', { name: 'Deliveries', exact: true }).click();
    await expectPage(
      page.getByRole('table', { name: 'Deliveries' }).getByRole('row').filter({ hasText: 'succeeded' }),
    ).toContainText('redelivery', { timeout: 30_000 });
    await browser.screenshot('16-recovered-deliveries');
  });

  it('signs out, and a repository admin signed in by link sees only its repository’s webhooks', async () => {
    await button('Sign out').click();
    await expectPage(page.getByLabel('Bearer token')).toBeVisible();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await stack.createWebhook({
      name: 'otherrepo1',
      scope: { type: 'repository', repository: 'foo/other' },
      events: ['TAG_PUSH'],
      target: { type: 'http', url: receiver.url },
    });
    await stack.createWebhook({
      name: 'namespace1',
      scope: { type: 'namespace', namespace: 'foo' },
      events: ['TAG_PUSH'],
      target: { type: 'http', url: receiver.url },
    });
    const token = await stack.tokenFor({
      sub: 'rita',
      access: [{ type: 'repository', name: 'foo/bar', actions: ['admin'] }],
    });
    await page.goto(`${base}/console/#token=${token}`);
    await expectPage(page.getByText('Signed in as rita')).toBeVisible();
    expect(page.url()).toBe(`${base}/console/`);
    const names = page.getByRole('table').getByRole('link');
    await expectPage(names).toHaveText(['consolehook1', 'bulkhook01', 'bulkhook02']);
    await browser.screenshot('17-repository-admin');
    await page.getByRole('link', { name: 'New webhook' }).click();
    await expectPage(page.getByLabel('Scope').locator('option')).toHaveText(['repository']);
    await expectPage(page.getByRole('checkbox', { name: 'QUOTA_EXCEEDED' })).toBeDisabled();
    await button('Sign out').click();
  });

  it('shows what receivers send, and descriptions, as text: nothing executes', async () => {
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    const hook = await stack.createWebhook({
      name: 'hostilehook',
      description: `<script>window.__pwned=3</script>${HOSTILE}`,
      scope: { type: 'repository', repository: 'evil/app' },
      events: ['TAG_PUSH'],
      target: { type: 'http', url: hostile.url, headers: { 'X-Label': HOSTILE } },
    });
    await page.goto(`${base}/console/#token=${stack.adminToken}`);
    await openWebhook('hostilehook');
    await expectPage(page.getByText(`<script>window.__pwned=3</script>${HOSTILE}`)).toBeVisible();
    await button('Ping').click();
    await expectPage(page.getByText('Success (200)')).toBeVisible();
    await button('View details').click();
    await expectPage(page.getByLabel('Ping response body')).toHaveText(
      `${HOSTILE}<script>window.__pwned=2</script>`,
    );
    await expectPage(page.getByRole('table', { name: 'Ping response headers' })).toContainText(HOSTILE);
    await browser.screenshot('18-hostile-ping');

    await page.getByRole('link', { name: 'Deliveries', exact: true }).click();
    await page.getByRole('table', { name: 'Deliveries' }).getByRole('link').first().click();
    await expectPage(page.getByLabel('Response body')).toHaveText(
      `${HOSTILE}<script>window.__pwned=2</script>`,
    );
    await browser.screenshot('19-hostile-attempt');

    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
    expect(dialogs).toBe(0);
    expect(hook.id).toBeTruthy();
  });

  it('met no script error, console error or CSP refusal on any page', () => {
    const unexpected = browser.problems.filter(
      // A 401 answer is logged by Chromium as a failed resource; the sign-out flow does not cause one.
      (problem) => !/status of 401/.test(problem),
    );
    expect(unexpected).toEqual([]);
  });
});
