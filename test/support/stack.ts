import { KafkaSender } from '@app/common';
import { CanonicalEvent, EVENT_TYPE_INFO, HEADERS, INBOUND_TOPICS, resolveEventType } from '@app/events';
import { IHeaders, Kafka } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { APP_ENTRY, AppProcess } from './app-process';
import { connectSender, deleteTopics, TopicCollector, testKafka } from './kafka';
import { createDatabase, dropDatabase } from '../../tools/local-postgres/src';
import { findRepoRoot, freePort } from '../../tools/support/src';

const OUTPUT_DIR = join(findRepoRoot(__dirname), 'test', 'output', 'logs');
import { Receiver } from './receiver';
import { signToken, TokenClaims } from './tokens';

export interface StackOptions {
  /** Dispatcher replicas to start (default 1). */
  dispatchers?: number;
  /** Extra environment for both apps. */
  env?: Record<string, string>;
  subscriptionsEnv?: Record<string, string>;
  dispatcherEnv?: Record<string, string>;
  /** Broker and PostgreSQL server to use instead of the jest global setup's (the benchmarks bring their own). */
  kafkaBrokers?: string[];
  /** Where the test's own Kafka client connects (default: kafkaBrokers), e.g. a plaintext listener beside the apps' SASL_SSL one. */
  testKafkaBrokers?: string[];
  postgresServerUrl?: string;
  /** Topic prefix instead of a random one (a benchmark pre-creates its topics before the stack starts). */
  topicPrefix?: string;
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Record<string, string>;
  body: T;
  text: string;
}

/** The inbound topic (unprefixed) and key a registry would produce `event` with. */
function inboundPlace(event: CanonicalEvent | Record<string, unknown>): { topicBase: string; key: string } {
  const type = resolveEventType(String((event as { type?: unknown }).type));
  if (!type) throw new Error(`unknown event type ${(event as { type?: unknown }).type}`);
  const target = (event as { target?: { namespace?: string; repository?: string } }).target;
  return {
    topicBase: INBOUND_TOPICS[EVENT_TYPE_INFO[type].family],
    key: target?.repository ?? target?.namespace ?? 'global',
  };
}

/**
 * Both apps as real processes against the run's Apache Kafka and a database of their own, isolated
 * from other test files by a unique topic prefix (the topics go when the stack stops).
 */
export class Stack {
  readonly dispatchers: AppProcess[] = [];
  readonly collectors: TopicCollector[] = [];
  readonly jwtSecret = randomBytes(24).toString('hex');
  readonly grpcToken = randomBytes(16).toString('hex');
  adminToken = '';
  subscriptions!: AppProcess;
  grpcAddress = '';
  private sender?: KafkaSender;

  private constructor(
    readonly options: StackOptions,
    readonly prefix: string,
    readonly brokers: string[],
    readonly postgresServerUrl: string,
    readonly databaseName: string,
    readonly databaseUrl: string,
    readonly kafka: Kafka,
  ) {}

  static async start(options: StackOptions = {}): Promise<Stack> {
    const brokersEnv = options.kafkaBrokers?.join(',') ?? process.env.TEST_KAFKA_BROKERS;
    const serverUrl = options.postgresServerUrl ?? process.env.TEST_POSTGRES_SERVER_URL;
    if (!brokersEnv || !serverUrl)
      throw new Error('run system tests through test/jest.config.js (global setup)');
    const id = randomBytes(4).toString('hex');
    const databaseName = `rw_test_${id}`;
    const databaseUrl = await createDatabase(serverUrl, databaseName);
    const brokers = brokersEnv.split(',');
    const stack = new Stack(
      options,
      options.topicPrefix ?? `t${id}.`,
      brokers,
      serverUrl,
      databaseName,
      databaseUrl,
      testKafka(options.testKafkaBrokers ?? brokers),
    );
    try {
      stack.adminToken = await stack.tokenFor({ sub: 'admin', admin: true });
      await stack.startSubscriptions();
      await Promise.all(Array.from({ length: options.dispatchers ?? 1 }, () => stack.startDispatcher()));
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  get subscriptionsUrl(): string {
    return this.subscriptions.url;
  }

  topic(base: string): string {
    return `${this.prefix}${base}`;
  }

  tokenFor(claims: TokenClaims, expiresIn?: string): Promise<string> {
    return signToken(this.jwtSecret, claims, expiresIn);
  }

  private commonEnv(): Record<string, string> {
    return {
      KAFKA_BROKERS: this.brokers.join(','),
      KAFKA_TOPIC_PREFIX: this.prefix,
      DELIVERY_ALLOW_PRIVATE_NETWORKS: 'true',
      ...this.options.env,
    };
  }

  async startSubscriptions(env: Record<string, string> = {}): Promise<AppProcess> {
    const { app, grpcAddress } = await this.spawnSubscriptions(env);
    this.subscriptions = app;
    this.grpcAddress = grpcAddress;
    await app.waitUntilReady();
    return app;
  }

  /** A subscriptions app of this stack's configuration (and `env`), started but not waited for. */
  async spawnSubscriptions(
    env: Record<string, string> = {},
  ): Promise<{ app: AppProcess; grpcAddress: string }> {
    const [httpPort, grpcPort] = await Promise.all([freePort(), freePort()]);
    const app = new AppProcess(
      'subscriptions',
      APP_ENTRY.subscriptions,
      {
        ...this.commonEnv(),
        DATABASE_URL: this.databaseUrl,
        HTTP_PORT: String(httpPort),
        GRPC_PORT: String(grpcPort),
        AUTH_JWT_SECRET: this.jwtSecret,
        GRPC_AUTH_TOKEN: this.grpcToken,
        ...this.options.subscriptionsEnv,
        ...env,
      },
      `http://127.0.0.1:${httpPort}`,
    );
    return { app, grpcAddress: `127.0.0.1:${grpcPort}` };
  }

  async startDispatcher(env: Record<string, string> = {}): Promise<AppProcess> {
    const dispatcher = await this.spawnDispatcher(env);
    await dispatcher.waitUntilReady();
    return dispatcher;
  }

  /** A dispatcher of this stack's configuration (and `env`), started but not waited for. */
  async spawnDispatcher(env: Record<string, string> = {}): Promise<AppProcess> {
    const port = await freePort();
    const dispatcher = new AppProcess(
      `dispatcher-${this.dispatchers.length + 1}`,
      APP_ENTRY.dispatcher,
      { ...this.commonEnv(), DISPATCHER_HTTP_PORT: String(port), ...this.options.dispatcherEnv, ...env },
      `http://127.0.0.1:${port}`,
    );
    this.dispatchers.push(dispatcher);
    return dispatcher;
  }

  /** A JSON request to the subscriptions app; `token` defaults to the admin token, null sends none. */
  async request<T = any>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      rawBody?: string;
      token?: string | null;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse<T>> {
    const token = options.token === undefined ? this.adminToken : options.token;
    const headers: Record<string, string> = { ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.subscriptions.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: parsed as T,
      text,
    };
  }

  /** Creates a webhook as admin and returns the 201 body (with its one-time secret). */
  async createWebhook(body: Record<string, unknown>): Promise<any> {
    const response = await this.request('POST', '/api/v1/webhooks', { body });
    if (response.status !== 201) throw new Error(`create webhook: ${response.status} ${response.text}`);
    return response.body;
  }

  private async senderReady(): Promise<KafkaSender> {
    this.sender ??= await connectSender(this.kafka);
    return this.sender;
  }

  /** Puts a canonical event on its family's inbound topic, keyed like a registry would. */
  async produceEvent(event: CanonicalEvent | Record<string, unknown>): Promise<void> {
    const { topicBase, key } = inboundPlace(event);
    await this.produceRaw(topicBase, JSON.stringify(event), key);
  }

  /** Puts canonical events on their families' inbound topics like produceEvent, in one produce request. */
  async produceEvents(events: readonly (CanonicalEvent | Record<string, unknown>)[]): Promise<void> {
    const sender = await this.senderReady();
    await sender.send(
      events.map((event) => {
        const { topicBase, key } = inboundPlace(event);
        return {
          topic: this.topic(topicBase),
          key,
          value: JSON.stringify(event),
          headers: { [HEADERS.contentType]: 'application/json' },
        };
      }),
    );
  }

  async produceRaw(
    topicBase: string,
    value: Buffer | string | null,
    key?: string,
    headers?: IHeaders,
  ): Promise<void> {
    const sender = await this.senderReady();
    await sender.send([
      {
        topic: this.topic(topicBase),
        key: key ?? null,
        value,
        headers: { [HEADERS.contentType]: 'application/json', ...headers },
      },
    ]);
  }

  /** Starts collecting a topic (by its unprefixed name) from the beginning. */
  async consume(topicBase: string): Promise<TopicCollector> {
    const collector = await TopicCollector.start(this.kafka, this.topic(topicBase));
    this.collectors.push(collector);
    return collector;
  }

  /** Writes each app's output, as much as it kept, to test/output/logs/<test name>/<app>.log; returns the folder. */
  saveLogs(testName: string): string {
    const dir = join(OUTPUT_DIR, testName.replace(/[^a-zA-Z0-9._-]+/g, '-').slice(0, 120));
    mkdirSync(dir, { recursive: true });
    for (const app of [this.subscriptions, ...this.dispatchers].filter(Boolean)) {
      writeFileSync(join(dir, `${app.name}.log`), app.logs);
    }
    return dir;
  }

  /** Everything the apps printed, for a failing test's message. */
  logs(): string {
    return [this.subscriptions, ...this.dispatchers]
      .filter(Boolean)
      .map((app) => `--- ${app.name}\n${app.tail(80)}`)
      .join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.collectors.map((c) => c.stop().catch(() => undefined)));
    await this.sender?.disconnect().catch(() => undefined);
    await Promise.all([this.subscriptions, ...this.dispatchers].filter(Boolean).map((app) => app.stop()));
    await Promise.all([
      dropDatabase(this.postgresServerUrl, this.databaseName).catch(() => undefined),
      deleteTopics(this.kafka, this.prefix).catch(() => undefined),
    ]);
  }
}

export const startStack = (options?: StackOptions): Promise<Stack> => Stack.start(options);
export const startReceiver = (): Promise<Receiver> => Receiver.start();
export { Receiver };
