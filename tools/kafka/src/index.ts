/**
 * Apache Kafka on this machine: KRaft nodes (broker and controller in one JVM each) started from
 * the jars the pom in tools/kafka resolves from Maven Central. Used by `npm start`, `npm run
 * kafka`, the system tests and the benchmarks. Each node is a process of its own that a test can
 * SIGKILL, SIGSTOP or restart on its data.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { findRepoRoot, freePort } from '../../support/src';

const JAVA_INSTALL = 'apt-get install -y openjdk-17-jre-headless maven';
const START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 20_000;
const PROBE_INTERVAL_MS = 250;

function paths(): { pom: string; classpath: string; log4j: string } {
  const dir = join(findRepoRoot(), 'tools', 'kafka');
  return {
    pom: join(dir, 'pom.xml'),
    classpath: join(dir, 'build', 'classpath.txt'),
    log4j: join(dir, 'log4j2.properties'),
  };
}

/** The Apache Kafka release the pom pins. */
export function kafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(paths().pom, 'utf8'));
  if (!match) throw new Error(`${paths().pom} does not set kafka.version`);
  return match[1];
}

function run(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

/** Thrown when this machine cannot run Apache Kafka; the message says what to install. */
export class KafkaPrerequisiteError extends Error {
  constructor(missing: string) {
    super(
      `Apache Kafka needs ${missing}. Install it (Debian/Ubuntu: ${JAVA_INSTALL}), ` +
        'or set KAFKA_BROKERS to the bootstrap servers of any Kafka.',
    );
    this.name = 'KafkaPrerequisiteError';
  }
}

function javaCommand(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

async function checkJava(): Promise<void> {
  let output: string;
  try {
    const { stdout, stderr } = await run(javaCommand(), ['-version']);
    output = `${stderr}${stdout}`;
  } catch {
    throw new KafkaPrerequisiteError('Java 17 or later (no `java` found)');
  }
  const major = /version "(\d+)(?:\.(\d+))?/.exec(output);
  const version = major ? Number(major[1] === '1' ? major[2] : major[1]) : 0;
  if (version < 17)
    throw new KafkaPrerequisiteError(`Java 17 or later (found: ${output.split('\n')[0].trim()})`);
}

let resolving: Promise<string> | undefined;

/**
 * The Java classpath of the pinned Kafka release. The first run resolves it with Maven (fetching
 * the jars into ~/.m2) and says so; later runs reuse tools/kafka/build/classpath.txt while it is
 * newer than the pom and every jar in it is still there.
 */
export function kafkaClasspath(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<string> {
  resolving ??= resolveClasspath(log).finally(() => {
    resolving = undefined;
  });
  return resolving;
}

async function resolveClasspath(log: (line: string) => void): Promise<string> {
  const { pom, classpath } = paths();
  await checkJava();
  if (existsSync(classpath) && statSync(classpath).mtimeMs >= statSync(pom).mtimeMs) {
    const cached = readFileSync(classpath, 'utf8').trim();
    if (cached && cached.split(':').every((jar) => existsSync(jar))) return cached;
  }
  try {
    await run('mvn', ['-v']);
  } catch {
    throw new KafkaPrerequisiteError('Maven (`mvn`), which fetches its jars from Maven Central');
  }
  log(`Fetching Apache Kafka ${kafkaVersion()} from Maven Central into ~/.m2 (first run only)…`);
  mkdirSync(dirname(classpath), { recursive: true });
  const partial = `${classpath}.${process.pid}.tmp`;
  try {
    await run('mvn', ['-q', '-B', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${partial}`]);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `mvn could not resolve Apache Kafka's jars:\n${`${stdout}${stderr}`.trim().slice(-4000)}`,
    );
  }
  // Renamed into place, so concurrent first runs never read half a file.
  renameSync(partial, classpath);
  return readFileSync(classpath, 'utf8').trim();
}

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** A SASL_SSL listener beside the plaintext one, for clients that must authenticate over TLS. */
export interface SaslSslListener {
  /** PKCS#12 keystore holding the broker's certificate chain and key. */
  keystorePath: string;
  keystorePassword: string;
  /** Accounts, added at format time (SCRAM) or to the listener's JAAS configuration (PLAIN). */
  users: { mechanism: SaslMechanism; username: string; password: string }[];
}

export interface KafkaClusterOptions {
  /** Number of nodes, ids 1..N (default 1). */
  nodes?: number;
  /** Where the nodes keep their data and logs; kept after stop. Default: a temporary directory, removed at stop. */
  dataDir?: string;
  /** JVM heap of each node (default 512m). */
  heap?: string;
  /** Extra broker settings, added to every node's server.properties. */
  brokerConfig?: Record<string, string | number | boolean>;
  saslSsl?: SaslSslListener;
  /** Client port of node 1 (the others take free ports); default: a free port. */
  port?: number;
}

interface NodeState {
  id: number;
  dir: string;
  propertiesFile: string;
  port: number;
  controllerPort: number;
  saslSslPort?: number;
  process?: ChildProcess;
  exited?: Promise<void>;
}

const quietKafka = (brokers: string[]): Kafka =>
  new Kafka({
    clientId: 'local-kafka-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A running Apache Kafka cluster of KRaft nodes on 127.0.0.1. */
export class KafkaCluster {
  readonly version = kafkaVersion();
  private watchdog?: ChildProcess;
  private stopped = false;

  private constructor(
    private readonly classpath: string,
    private readonly options: KafkaClusterOptions,
    readonly dataDir: string,
    private readonly temporary: boolean,
    private readonly nodes: NodeState[],
    /** Marks this cluster's JVMs so that the watchdog can find them if this process dies. */
    private readonly owner: string,
  ) {}

  /** Formats the nodes' storage (unless formatted already), starts them and resolves once every node serves. */
  static async start(options: KafkaClusterOptions = {}): Promise<KafkaCluster> {
    const count = options.nodes ?? 1;
    if (!Number.isInteger(count) || count < 1)
      throw new Error(`nodes must be a positive whole number, got ${count}`);
    const classpath = await kafkaClasspath();
    const temporary = options.dataDir === undefined;
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'kafka-')));
    const nodes = await planNodes(dataDir, count, options);
    const cluster = new KafkaCluster(
      classpath,
      options,
      dataDir,
      temporary,
      nodes,
      randomBytes(6).toString('hex'),
    );
    try {
      await cluster.format();
      cluster.startWatchdog();
      for (const node of nodes) cluster.spawnNode(node);
      await cluster.waitUntilServing(nodes.map((n) => n.id));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get nodeIds(): number[] {
    return this.nodes.map((n) => n.id);
  }

  /** Plaintext bootstrap servers of every node. */
  get bootstrapServers(): string[] {
    return this.nodes.map((n) => `127.0.0.1:${n.port}`);
  }

  /** SASL_SSL bootstrap servers, when the cluster has that listener. */
  get saslSslBootstrapServers(): string[] {
    return this.nodes.filter((n) => n.saslSslPort).map((n) => `127.0.0.1:${n.saslSslPort}`);
  }

  /** The node's log file (log4j) and its JVM's own output. */
  logFile(id: number): string {
    return join(this.node(id).dir, 'server.log');
  }

  pid(id: number): number | undefined {
    return this.node(id).process?.pid;
  }

  isRunning(id: number): boolean {
    const child = this.node(id).process;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** SIGKILLs the node and resolves once it is gone. */
  async kill(id: number): Promise<void> {
    const node = this.node(id);
    node.process?.kill('SIGKILL');
    await node.exited;
  }

  /** SIGSTOP: the node stops answering but keeps its connections, like a hung broker. */
  pause(id: number): void {
    this.node(id).process?.kill('SIGSTOP');
  }

  resume(id: number): void {
    this.node(id).process?.kill('SIGCONT');
  }

  /** Starts a stopped or killed node again on its own data and resolves once it serves. */
  async restart(id: number): Promise<void> {
    const node = this.node(id);
    if (this.isRunning(id)) throw new Error(`node ${id} is still running`);
    this.spawnNode(node);
    await this.waitUntilServing([id]);
  }

  /** Stops the given nodes (default all) with SIGTERM (Kafka's controlled shutdown), keeping their data. */
  async stopNodes(ids: number[] = this.nodeIds): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const node = this.node(id);
        if (!this.isRunning(id)) return;
        node.process?.kill('SIGCONT');
        node.process?.kill('SIGTERM');
        const timer = setTimeout(() => node.process?.kill('SIGKILL'), STOP_GRACE_MS);
        await node.exited;
        clearTimeout(timer);
      }),
    );
  }

  /** Starts every stopped node again on its data (the ports stay the same) and waits until all serve. */
  async startNodes(ids: number[] = this.nodeIds): Promise<void> {
    for (const id of ids) if (!this.isRunning(id)) this.spawnNode(this.node(id));
    await this.waitUntilServing(ids);
  }

  /** The id of the node that leads `topic`'s `partition` (-1 when it has no leader). */
  async leaderOf(topic: string, partition: number): Promise<number> {
    const admin = quietKafka(this.runningBootstrap()).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const found = topics[0]?.partitions.find((p) => p.partitionId === partition);
      if (!found) throw new Error(`${topic} has no partition ${partition}`);
      return found.leader;
    } finally {
      await admin.disconnect();
    }
  }

  /** Stops every node and the watchdog; removes the data directory when it was temporary. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.stopNodes(this.nodes.filter((n) => n.process).map((n) => n.id));
    this.watchdog?.kill('SIGKILL');
    if (this.temporary) rmSync(this.dataDir, { recursive: true, force: true });
  }

  private node(id: number): NodeState {
    const node = this.nodes.find((n) => n.id === id);
    if (!node) throw new Error(`no node ${id} (nodes: ${this.nodeIds.join(', ')})`);
    return node;
  }

  private runningBootstrap(): string[] {
    const running = this.nodes.filter((n) => this.isRunning(n.id));
    return (running.length ? running : this.nodes).map((n) => `127.0.0.1:${n.port}`);
  }

  /** Formats each node's log directory once; a node restarted on its data keeps it. */
  private async format(): Promise<void> {
    const clusterId = existingClusterId(this.nodes) ?? randomBytes(16).toString('base64url');
    const scram = (this.options.saslSsl?.users ?? [])
      .filter((u) => u.mechanism !== 'PLAIN')
      .flatMap((u) => ['--add-scram', `${u.mechanism}=[name=${u.username},password=${u.password}]`]);
    await Promise.all(
      this.nodes
        .filter((node) => !existsSync(join(node.dir, 'data', 'meta.properties')))
        .map(async (node) => {
          try {
            await run(javaCommand(), [
              // A short-lived tool: the client compiler starts it about a second sooner.
              '-XX:TieredStopAtLevel=1',
              '-Xshare:auto',
              `-Dlog4j2.configurationFile=${paths().log4j}`,
              `-Dkafka.logs.dir=${node.dir}`,
              '-cp',
              this.classpath,
              'kafka.tools.StorageTool',
              'format',
              // One argument with its value: a base64 id may begin with '-'.
              `--cluster-id=${clusterId}`,
              '--config',
              node.propertiesFile,
              ...scram,
            ]);
          } catch (error) {
            const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
            throw new Error(`formatting Kafka node ${node.id} failed:\n${`${stdout}${stderr}`.trim()}`);
          }
        }),
    );
  }

  private spawnNode(node: NodeState): void {
    // A restart still under way when the cluster is stopped must not leave a node behind.
    if (this.stopped) throw new Error('the Kafka cluster was stopped');
    const heap = this.options.heap ?? '512m';
    const out = openSync(join(node.dir, 'jvm.out'), 'a');
    const child = spawn(
      javaCommand(),
      [
        `-Xms${heap}`,
        `-Xmx${heap}`,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:InitiatingHeapOccupancyPercent=35',
        '-XX:+ExplicitGCInvokesConcurrent',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${paths().log4j}`,
        `-Dkafka.logs.dir=${node.dir}`,
        `-Dregistry-webhooks.kafka.owner=${this.owner}`,
        '-cp',
        this.classpath,
        'kafka.Kafka',
        node.propertiesFile,
      ],
      // Its own process group: a Ctrl-C in the terminal reaches the launcher, which stops the nodes in order.
      { stdio: ['ignore', out, out], detached: true },
    );
    closeSync(out);
    node.process = child;
    node.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /**
   * Kills this cluster's JVMs if the process that started them dies without stopping them (a
   * crashed test run), so no broker outlives its owner.
   */
  private startWatchdog(): void {
    const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; pkill -KILL -f 'registry-webhooks.kafka.owner=${this.owner}'`;
    this.watchdog = spawn('sh', ['-c', script], { stdio: 'ignore', detached: true });
    this.watchdog.unref();
  }

  /** Resolves once every node in `ids` is registered with the cluster and answers on its port. */
  private async waitUntilServing(ids: number[]): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      for (const id of ids) {
        if (!this.isRunning(id))
          throw new Error(`Kafka node ${id} exited during start-up${this.logTail(id)}`);
      }
      if (await this.serving(ids)) return;
      if (Date.now() > deadline) {
        throw new Error(
          `Kafka nodes ${ids.join(', ')} did not serve within ${START_TIMEOUT_MS / 1000} s${this.logTail(ids[0])}`,
        );
      }
      await sleep(PROBE_INTERVAL_MS);
    }
  }

  private async serving(ids: number[]): Promise<boolean> {
    const probe = async (id: number): Promise<boolean> => {
      const admin = quietKafka([`127.0.0.1:${this.node(id).port}`]).admin();
      try {
        await admin.connect();
        const { brokers } = await admin.describeCluster();
        return brokers.some((b) => b.nodeId === id);
      } catch {
        return false;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    };
    return (await Promise.all(ids.map(probe))).every(Boolean);
  }

  private logTail(id: number): string {
    const node = this.node(id);
    const tails = ['jvm.out', 'server.log']
      .map((name) => join(node.dir, name))
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file, 'utf8').split('\n').slice(-30).join('\n').trim())
      .filter(Boolean);
    return tails.length ? `\n${tails.join('\n')}` : '';
  }
}

function existingClusterId(nodes: NodeState[]): string | undefined {
  for (const node of nodes) {
    const meta = join(node.dir, 'data', 'meta.properties');
    if (existsSync(meta)) return /^cluster\.id=(.+)$/m.exec(readFileSync(meta, 'utf8'))?.[1];
  }
  return undefined;
}

/**
 * Ports and server.properties for each node. Settings for a small machine and fast tests: no
 * initial rebalance delay, one partition for the offsets and transaction topics, no topic
 * auto-creation (the apps provision their topics), and with three or more nodes replication 3 with
 * min.insync.replicas=2, as a production cluster would run.
 */
async function planNodes(dataDir: string, count: number, options: KafkaClusterOptions): Promise<NodeState[]> {
  const plannedFile = join(dataDir, 'ports.json');
  const planned = existsSync(plannedFile)
    ? (JSON.parse(readFileSync(plannedFile, 'utf8')) as {
        id: number;
        port: number;
        controllerPort: number;
        saslSslPort?: number;
      }[])
    : undefined;
  const nodes: NodeState[] = [];
  for (let id = 1; id <= count; id++) {
    const previous = planned?.find((p) => p.id === id);
    const dir = join(dataDir, `node-${id}`);
    mkdirSync(dir, { recursive: true });
    nodes.push({
      id,
      dir,
      propertiesFile: join(dir, 'server.properties'),
      port: previous?.port ?? (id === 1 && options.port ? options.port : await freePort()),
      controllerPort: previous?.controllerPort ?? (await freePort()),
      saslSslPort: options.saslSsl ? (previous?.saslSslPort ?? (await freePort())) : undefined,
    });
  }
  writeFileSync(
    plannedFile,
    JSON.stringify(
      nodes.map(({ id, port, controllerPort, saslSslPort }) => ({ id, port, controllerPort, saslSslPort })),
    ),
  );
  const replication = Math.min(3, count);
  const voters = nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',');
  for (const node of nodes) {
    const listeners = [`PLAINTEXT://127.0.0.1:${node.port}`];
    if (node.saslSslPort) listeners.push(`SASL_SSL://127.0.0.1:${node.saslSslPort}`);
    const settings: Record<string, string | number | boolean> = {
      'process.roles': 'broker,controller',
      'node.id': node.id,
      'controller.quorum.voters': voters,
      listeners: [...listeners, `CONTROLLER://127.0.0.1:${node.controllerPort}`].join(','),
      'advertised.listeners': listeners.join(','),
      'controller.listener.names': 'CONTROLLER',
      'inter.broker.listener.name': 'PLAINTEXT',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
      'log.dirs': join(node.dir, 'data'),
      'auto.create.topics.enable': false,
      'num.partitions': 1,
      'default.replication.factor': replication,
      'min.insync.replicas': count >= 3 ? 2 : 1,
      'offsets.topic.num.partitions': 1,
      'offsets.topic.replication.factor': replication,
      'transaction.state.log.num.partitions': 1,
      'transaction.state.log.replication.factor': replication,
      'transaction.state.log.min.isr': Math.min(2, replication),
      'share.coordinator.state.topic.num.partitions': 1,
      'share.coordinator.state.topic.replication.factor': replication,
      'share.coordinator.state.topic.min.isr': Math.min(2, replication),
      'group.initial.rebalance.delay.ms': 0,
      'num.network.threads': 2,
      'num.io.threads': 4,
      'num.recovery.threads.per.data.dir': 1,
      'log.cleaner.dedupe.buffer.size': 8 * 1024 * 1024,
      ...saslSslSettings(options.saslSsl),
      ...options.brokerConfig,
    };
    writeFileSync(
      node.propertiesFile,
      Object.entries(settings)
        .map(([key, value]) => `${key}=${String(value)}`)
        .join('\n') + '\n',
    );
  }
  return nodes;
}

function saslSslSettings(listener: SaslSslListener | undefined): Record<string, string> {
  if (!listener) return {};
  const plain = listener.users
    .filter((u) => u.mechanism === 'PLAIN')
    .map((u) => ` user_${u.username}="${u.password}"`)
    .join('');
  return {
    'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    'listener.name.sasl_ssl.ssl.keystore.type': 'PKCS12',
    'listener.name.sasl_ssl.ssl.keystore.location': listener.keystorePath,
    'listener.name.sasl_ssl.ssl.keystore.password': listener.keystorePassword,
    'listener.name.sasl_ssl.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required${plain};`,
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
  };
}
