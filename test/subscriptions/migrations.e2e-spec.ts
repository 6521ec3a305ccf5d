import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDatabase, dropDatabase } from '../../tools/local-postgres/src';
import { AppProcess } from '../support/app-process';
import { Stack } from '../support/stack';

/** Several replicas of the subscriptions app may start at once on a database that has no schema yet. */
describe('migrations', () => {
  let stack: Stack;
  let databaseName: string;
  let databaseUrl: string;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    stack = await Stack.start({ dispatchers: 0 });
    databaseName = `rw_test_${randomBytes(4).toString('hex')}_fresh`;
    databaseUrl = await createDatabase(stack.postgresServerUrl, databaseName);
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await stack?.stop();
    await dropDatabase(stack.postgresServerUrl, databaseName);
  });

  it('run once when three instances start together on an empty database, and all three serve', async () => {
    const spawned = await Promise.all(
      [1, 2, 3].map(() => stack.spawnSubscriptions({ DATABASE_URL: databaseUrl })),
    );
    apps.push(...spawned.map(({ app }) => app));
    const ready = await Promise.allSettled(apps.map((app) => app.waitUntilReady()));
    expect(ready.map((result) => (result.status === 'rejected' ? String(result.reason) : 'ready'))).toEqual([
      'ready',
      'ready',
      'ready',
    ]);
    for (const app of apps) expect(app.logs).not.toMatch(/already exists|duplicate key/);

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; runs: string }>(
        'SELECT name, count(*) AS runs FROM migrations GROUP BY name ORDER BY name',
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((row) => row.runs !== '1')).toEqual([]);
    } finally {
      await client.end();
    }

    const response = await fetch(`${apps[2].url}/api/v1/webhooks`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    expect(response.status).toBe(200);
  });
});
