/**
 * `npm start`: the whole stack on embedded defaults. Starts Apache Kafka (one KRaft node, from
 * tools/kafka) and an embedded PostgreSQL unless KAFKA_BROKERS / DATABASE_URL are set, both keeping
 * their data under .data/, then both apps; prints the URLs, an admin token, a web console link
 * that signs the admin in and the ingest tokens (generated unless INGEST_TOKENS is set); Ctrl-C
 * stops everything.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { INGEST_SOURCES } from '../../libs/events/src';
import { dispatcherRuntimeEnv } from '../../apps/dispatcher/src/node-options';
import { KafkaCluster, KafkaPrerequisiteError } from '../kafka/src';
import { startEmbeddedPostgres } from '../local-postgres/src';
import { freePort, ignoreKafkajsTimerWarning } from '../support/src';

const ROOT = join(__dirname, '..', '..', '..');
const DIST = join(ROOT, 'dist');
type Stoppable = { stop(): Promise<void> };

function startApp(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [join(DIST, entry)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!shuttingDown) {
      console.error(`${name} exited (${signal ?? code}); stopping`);
      void shutdown(1);
    }
  });
  return child;
}

async function waitReady(name: string, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} was not ready at ${url} within ${timeoutMs / 1000} s`);
}

const services: Stoppable[] = [];
const apps: ChildProcess[] = [];
let shuttingDown = false;

async function shutdown(code: number): Promise<never> {
  shuttingDown = true;
  await Promise.all(
    apps.map(
      (app) =>
        new Promise<void>((resolve) => {
          if (app.exitCode !== null || app.signalCode !== null) return resolve();
          app.once('exit', () => resolve());
          app.kill('SIGTERM');
          setTimeout(() => app.kill('SIGKILL'), 15_000).unref();
        }),
    ),
  );
  for (const service of services.reverse()) await service.stop().catch(() => undefined);
  process.exit(code);
}

async function main(): Promise<void> {
  ignoreKafkajsTimerWarning();
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  let brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    console.log('starting Apache Kafka…');
    const kafka = await KafkaCluster.start({
      nodes: 1,
      dataDir: join(ROOT, '.data', 'kafka'),
      port: await kafkaPort(),
    });
    services.push(kafka);
    brokers = kafka.bootstrapServers.join(',');
  }
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const postgres = await startEmbeddedPostgres({ dataDir: join(ROOT, '.data', 'postgres') });
    services.push(postgres);
    databaseUrl = postgres.url;
  }

  const jwtSecret =
    process.env.AUTH_JWT_SECRET ?? (process.env.AUTH_JWKS_URL ? undefined : randomBytes(32).toString('hex'));
  const grpcToken = process.env.GRPC_AUTH_TOKEN ?? randomBytes(16).toString('hex');
  const httpPort = process.env.HTTP_PORT ?? '8080';
  const dispatcherPort = process.env.DISPATCHER_HTTP_PORT ?? '8081';
  const ingestTokens =
    process.env.INGEST_TOKENS ??
    INGEST_SOURCES.map((source) => `${source}=${randomBytes(16).toString('hex')}`).join(',');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: brokers,
    DATABASE_URL: databaseUrl,
    GRPC_AUTH_TOKEN: grpcToken,
    INGEST_TOKENS: ingestTokens,
    ...(jwtSecret ? { AUTH_JWT_SECRET: jwtSecret } : {}),
  };

  apps.push(startApp('subscriptions', 'apps/subscriptions/src/main.js', env));
  apps.push(
    startApp('dispatcher', 'apps/dispatcher/src/main.js', {
      ...env,
      ...dispatcherRuntimeEnv(process.env),
    }),
  );
  const apiUrl = `http://localhost:${httpPort}`;
  await Promise.all([
    waitReady('subscriptions', apiUrl),
    waitReady('dispatcher', `http://localhost:${dispatcherPort}`),
  ]);

  const adminToken = jwtSecret
    ? await new SignJWT({ sub: 'admin', admin: true })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('30d')
        .sign(new TextEncoder().encode(jwtSecret))
    : '(AUTH_JWKS_URL is set: use a token from your identity provider)';
  // The token rides in the fragment, which the browser never sends to a server.
  const consoleLink = jwtSecret
    ? `${apiUrl}/console/#token=${adminToken}`
    : `${apiUrl}/console/ (sign in with a token from your identity provider)`;

  console.log(
    [
      '',
      'registry-webhooks is running',
      `  web console       ${consoleLink}`,
      `  REST API          ${apiUrl}/api/v1   (OpenAPI: ${apiUrl}/docs)`,
      `  gRPC              localhost:${process.env.GRPC_PORT ?? '50051'}   (metadata authorization: Bearer ${grpcToken})`,
      `  dispatcher        http://localhost:${dispatcherPort}/metrics`,
      `  Kafka bootstrap   ${brokers}`,
      `  PostgreSQL        ${databaseUrl}`,
      `  admin token       ${adminToken}`,
      `  ingest            ${apiUrl}/ingest/v1/{source}   (INGEST_TOKENS=${ingestTokens})`,
      '',
      `  try: curl -H "Authorization: Bearer $TOKEN" ${apiUrl}/api/v1/event-types`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

/** Kafka's usual port when it is free, so that `kcat -b localhost:9092` just works; any free one otherwise. */
async function kafkaPort(): Promise<number> {
  const usual = 9092;
  const taken = await new Promise<boolean>((resolve) => {
    const probe = createServer().once('error', () => resolve(true));
    probe.listen(usual, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
  return taken ? freePort() : usual;
}

main().catch((error: Error) => {
  console.error(error instanceof KafkaPrerequisiteError ? `npm start: ${error.message}` : error.message);
  void shutdown(1);
});
