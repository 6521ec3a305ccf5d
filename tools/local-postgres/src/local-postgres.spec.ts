import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDatabase, dropDatabase, resolveTestPostgres, startEmbeddedPostgres } from './index';

jest.setTimeout(60_000);

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('createDatabase and dropDatabase', () => {
  const name = `local_pg_spec_${process.pid}_${Date.now()}`;
  let server: Awaited<ReturnType<typeof resolveTestPostgres>>;
  let serverUrl: string;

  beforeAll(async () => {
    server = await resolveTestPostgres();
    serverUrl = server.serverUrl;
  });
  afterAll(async () => {
    await dropDatabase(serverUrl, name);
    await server.stop();
  });

  it('creates a database, returns its URL, and drops it even while a client is connected', async () => {
    const url = await createDatabase(serverUrl, name);
    expect(new URL(url).pathname).toBe(`/${name}`);
    expect(await query(url, 'SELECT current_database() AS name')).toEqual([{ name }]);

    const lingering = new Client({ connectionString: url });
    lingering.on('error', () => undefined); // it is about to be terminated
    await lingering.connect();
    await dropDatabase(serverUrl, name);
    const remaining = await query(serverUrl, `SELECT 1 FROM pg_database WHERE datname = '${name}'`);
    expect(remaining).toEqual([]);
    await lingering.end().catch(() => undefined);

    await expect(dropDatabase(serverUrl, name)).resolves.toBeUndefined();
  });
});

describe('startEmbeddedPostgres', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-pg-spec-'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('initialises a data directory, serves queries, stops, and reuses the directory', async () => {
    const dataDir = join(dir, 'data');
    const first = await startEmbeddedPostgres({ dataDir });
    try {
      expect(first.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      expect(await query(first.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await query(first.url, 'CREATE TABLE kept (id int)');
    } finally {
      await first.stop();
    }
    await expect(query(first.url, 'SELECT 1')).rejects.toThrow();
    await expect(stat(join(dataDir, 'postmaster.pid'))).rejects.toThrow();

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(second.url, `SELECT to_regclass('kept') IS NOT NULL AS kept`)).toEqual([
        { kept: true },
      ]);
    } finally {
      await second.stop();
    }
  });

  it('reports the server log when it cannot start', async () => {
    const dataDir = join(dir, 'busy');
    const running = await startEmbeddedPostgres({ dataDir });
    try {
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(
        /failed to start[\s\S]*postmaster\.pid/,
      );
    } finally {
      await running.stop();
    }
  });
});

describe('resolveTestPostgres', () => {
  const saved = process.env.DATABASE_URL;

  afterEach(() => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  });

  it('uses DATABASE_URL when it is set, without owning the server', async () => {
    process.env.DATABASE_URL = 'postgres://postgres@db.example:5432/postgres';
    const postgres = await resolveTestPostgres();
    expect(postgres.serverUrl).toBe('postgres://postgres@db.example:5432/postgres');
    await expect(postgres.stop()).resolves.toBeUndefined();
  });

  it('otherwise starts a throwaway embedded server and removes it on stop', async () => {
    delete process.env.DATABASE_URL;
    const postgres = await resolveTestPostgres();
    const [{ dir }] = (await query(
      postgres.serverUrl,
      `SELECT current_setting('data_directory') AS dir`,
    )) as {
      dir: string;
    }[];
    expect(dir.startsWith(tmpdir())).toBe(true);
    await postgres.stop();
    await expect(stat(dir)).rejects.toThrow();
  });
});
