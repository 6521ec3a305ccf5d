import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaClasspath, KafkaPrerequisiteError } from './index';

/** A JAVA_HOME whose `bin/java -version` prints `output` (on stderr, as java does). */
function fakeJavaHome(output: string): string {
  const home = mkdtempSync(join(tmpdir(), 'fake-java-'));
  mkdirSync(join(home, 'bin'));
  writeFileSync(join(home, 'bin', 'java'), `#!/bin/sh\necho '${output}' >&2\n`);
  chmodSync(join(home, 'bin', 'java'), 0o755);
  return home;
}

describe('Apache Kafka prerequisites', () => {
  const saved = process.env.JAVA_HOME;
  const homes: string[] = [];
  afterEach(() => {
    if (saved === undefined) delete process.env.JAVA_HOME;
    else process.env.JAVA_HOME = saved;
  });
  afterAll(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

  it('names Java 17 and the install command when the Java found is older', async () => {
    process.env.JAVA_HOME = fakeJavaHome('openjdk version "11.0.21" 2023-10-17');
    homes.push(process.env.JAVA_HOME);
    const failure = kafkaClasspath(() => undefined);
    await expect(failure).rejects.toThrow(KafkaPrerequisiteError);
    await expect(failure).rejects.toThrow(
      /Java 17 or later \(found: openjdk version "11\.0\.21".*apt-get install -y openjdk-17-jre-headless maven.*KAFKA_BROKERS/,
    );
  });

  it('says there is no java at all', async () => {
    process.env.JAVA_HOME = join(tmpdir(), 'no-such-java-home');
    await expect(kafkaClasspath(() => undefined)).rejects.toThrow(/Java 17 or later \(no `java` found\)/);
  });
});
