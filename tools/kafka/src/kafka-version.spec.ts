import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../support/src';
import { kafkaVersion } from './index';

describe('the pinned Apache Kafka release', () => {
  it('is a 4.x release, and docker-compose.yml runs the same one', () => {
    expect(kafkaVersion()).toMatch(/^4\.\d+\.\d+$/);
    const compose = readFileSync(join(findRepoRoot(), 'docker-compose.yml'), 'utf8');
    expect([...compose.matchAll(/image: apache\/kafka:(\S+)/g)].map((m) => m[1])).toEqual([kafkaVersion()]);
  });
});
