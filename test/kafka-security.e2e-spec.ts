import { INTERNAL_TOPICS } from '@app/events';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaCluster } from '../tools/kafka/src';
import { createWebhook, printLogsOnFailure, tagPush } from './support/helpers';
import { Receiver, Stack, startReceiver, startStack } from './support/stack';

const KEYSTORE_PASSWORD = 'keystore-secret';
const USERS = {
  scram256: { mechanism: 'SCRAM-SHA-256', username: 'dispatcher', password: 'dispatcher-secret' },
  scram512: { mechanism: 'SCRAM-SHA-512', username: 'subscriptions', password: 'subscriptions-secret' },
  plain: { mechanism: 'PLAIN', username: 'ops', password: 'ops-secret' },
} as const;

/** A CA, and a broker certificate for 127.0.0.1 and localhost signed by it in a PKCS#12 keystore. */
function makeCertificates(dir: string): { caFile: string; keystore: string } {
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=test-ca',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'broker.key',
    '-out',
    'broker.csr',
  );
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'broker.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'san.ext',
    '-out',
    'broker.pem',
  );
  openssl(
    'pkcs12',
    '-export',
    '-in',
    'broker.pem',
    '-inkey',
    'broker.key',
    '-certfile',
    'ca.pem',
    '-out',
    'broker.p12',
    '-passout',
    `pass:${KEYSTORE_PASSWORD}`,
  );
  return { caFile: join(dir, 'ca.pem'), keystore: join(dir, 'broker.p12') };
}

/**
 * Both apps against a broker whose client listener is SASL_SSL: TLS with a certificate from a CA
 * of the test's own (KAFKA_SSL_CA), each app authenticating with another mechanism. A wrong password
 * or a CA the broker's certificate does not chain to stops the app at boot, naming the setting.
 */
describe('Kafka over SASL_SSL', () => {
  let dir: string;
  let cluster: KafkaCluster;
  let caFile: string;
  let stack: Stack;
  let receiver: Receiver;
  printLogsOnFailure(() => stack);

  const clientEnv = (user: (typeof USERS)[keyof typeof USERS]): Record<string, string> => ({
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA: caFile,
    KAFKA_SASL_MECHANISM: user.mechanism.toLowerCase(),
    KAFKA_SASL_USERNAME: user.username,
    KAFKA_SASL_PASSWORD: user.password,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-tls-'));
    const certificates = makeCertificates(dir);
    caFile = certificates.caFile;
    cluster = await KafkaCluster.start({
      nodes: 1,
      saslSsl: {
        keystorePath: certificates.keystore,
        keystorePassword: KEYSTORE_PASSWORD,
        users: Object.values(USERS),
      },
    });
    stack = await startStack({
      kafkaBrokers: cluster.saslSslBootstrapServers,
      // The test's own client (producing events, reading topics) uses the plaintext listener.
      testKafkaBrokers: cluster.bootstrapServers,
      subscriptionsEnv: clientEnv(USERS.scram512),
      dispatcherEnv: clientEnv(USERS.scram256),
    });
    receiver = await startReceiver();
  }, 180_000);
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers end to end with TLS and SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN clients', async () => {
    await stack.startDispatcher(clientEnv(USERS.plain));
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    const hook = await createWebhook(stack, subscriptions, { repository: 'secure/app', url: receiver.url });
    const event = tagPush('secure/app');
    await stack.produceEvent(event);
    const [request] = await receiver.waitForRequests(1, 30_000);
    expect(JSON.parse(request.body).id).toBe(event.id);
    expect(request.headers['webhook-id']).toBeTruthy();
    expect(hook.id).toBeTruthy();
  });

  it('stops an app at boot whose SASL password Kafka refuses, naming the credentials', async () => {
    const app = await stack.spawnDispatcher({ ...clientEnv(USERS.scram256), KAFKA_SASL_PASSWORD: 'wrong' });
    expect(await app.exitCodeWithin(60_000)).toBe(1);
    expect(app.logs).toContain(
      'Kafka refused the scram-sha-256 credentials of user \\"dispatcher\\" (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD)',
    );
  });

  it('stops an app at boot when the broker certificate does not chain to KAFKA_SSL_CA', async () => {
    const otherCa = makeCertificates(mkdtempSync(join(dir, 'other-'))).caFile;
    const app = await stack.spawnDispatcher({ ...clientEnv(USERS.scram256), KAFKA_SSL_CA: otherCa });
    expect(await app.exitCodeWithin(60_000)).toBe(1);
    expect(app.logs).toContain('the TLS connection to Kafka failed (KAFKA_SSL=true, KAFKA_SSL_CA=');
  });
});
