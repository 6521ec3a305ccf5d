import { EVENT_TYPES, type CanonicalEvent } from '@app/events';
import { FIXTURE_EVENTS, fixtureContext } from '../__fixtures__/fixtures';
import { formatEvent } from '../registry';
import { typeNameIn } from '../type-names';
import { HARBOR_REPORT_MIME_TYPE } from './harbor.formatter';

const ctx = fixtureContext('harbor');
const harbor = (event: CanonicalEvent): any => JSON.parse(formatEvent(event, ctx).body);

describe('HarborFormatter', () => {
  it.each(EVENT_TYPES)('%s: Harbor’s envelope with Harbor’s type name, or ours', (type) => {
    const body = harbor(FIXTURE_EVENTS[type]);
    expect(Object.keys(body)).toEqual(['type', 'occur_at', 'operator', 'event_data']);
    expect(body.type).toBe(typeNameIn('harbor', type));
    expect(body.occur_at).toBe(Math.floor(Date.parse(FIXTURE_EVENTS[type].occurredAt) / 1000));
  });

  it('gives occur_at in whole Unix seconds whatever the offset', () => {
    expect(harbor({ ...FIXTURE_EVENTS.TAG_PUSH, occurredAt: '2026-11-22T11:00:00.999+01:00' }).occur_at).toBe(
      1795341600,
    );
  });

  it('reports the artifact as Harbor does: the tag (or digest) and host/repo:tag (or @digest)', () => {
    const [tagged] = harbor(FIXTURE_EVENTS.TAG_PUSH).event_data.resources;
    expect(tagged).toEqual({
      digest: FIXTURE_EVENTS.TAG_PUSH.target?.digest,
      tag: '2.4.1',
      resource_url: 'registry.example.com/acme/payments-api:2.4.1',
    });
    const [byDigest] = harbor(FIXTURE_EVENTS.MANIFEST_PULL).event_data.resources;
    const digest = FIXTURE_EVENTS.MANIFEST_PULL.target?.digest;
    expect(byDigest).toEqual({
      digest,
      tag: digest,
      resource_url: `registry.example.com/acme/payments-api@${digest}`,
    });
  });

  it('takes repo_type from the visibility, private when unknown, and date_created in seconds', () => {
    expect(harbor(FIXTURE_EVENTS.TAG_PUSH).event_data.repository).toEqual({
      date_created: 1741941000,
      name: 'payments-api',
      namespace: 'acme',
      repo_full_name: 'acme/payments-api',
      repo_type: 'private',
    });
    expect(harbor(FIXTURE_EVENTS.CHART_PUSH).event_data.repository.repo_type).toBe('public');
    expect(harbor(FIXTURE_EVENTS.REPO_UPDATED).event_data.repository.repo_type).toBe('public');
    expect(harbor(FIXTURE_EVENTS.SCAN_COMPLETED).event_data.repository.repo_type).toBe('private');
  });

  it('puts a scan summary under the report media type, counting severities as Harbor does', () => {
    const data = harbor(FIXTURE_EVENTS.SCAN_COMPLETED).event_data;
    expect(data.scan).toEqual({ scan_type: 'vulnerability' });
    const overview = data.resources[0].scan_overview[HARBOR_REPORT_MIME_TYPE];
    expect(overview).toMatchObject({
      scan_status: 'Success',
      severity: 'Critical',
      duration: 14,
      summary: { total: 23, fixable: 17, summary: { Critical: 1, High: 4, Medium: 11, Low: 7 } },
      complete_percent: 100,
    });
    const failed = harbor(FIXTURE_EVENTS.SCAN_FAILED).event_data;
    expect(failed.resources[0].scan_overview[HARBOR_REPORT_MIME_TYPE]).toMatchObject({
      report_id: FIXTURE_EVENTS.SCAN_FAILED.id,
      scan_status: 'Error',
      complete_percent: 0,
    });
    expect(failed.custom_attributes).toEqual({
      error: 'failed to download vulnerability DB: context deadline exceeded',
    });
  });

  it('reports replication with the trigger as operator and Harbor’s statuses', () => {
    const body = harbor(FIXTURE_EVENTS.REPLICATION_COMPLETED);
    expect(body.operator).toBe('SCHEDULE');
    expect(body.event_data.repository).toBeUndefined();
    expect(body.event_data.replication).toMatchObject({
      harbor_hostname: 'registry.example.com',
      job_status: 'Error',
      trigger_type: 'SCHEDULE',
      override_mode: true,
      execution_timestamp: 1795341600,
      successful_artifact: [
        {
          type: 'image',
          status: 'Success',
          name_tag: 'payments-api:[2.4.1,latest]',
          references: ['2.4.1', 'latest'],
        },
        {
          type: 'chart',
          status: 'Success',
          name_tag: 'charts/payments:1.8.0_build.5',
          references: ['1.8.0_build.5'],
        },
      ],
      failed_artifact: [{ type: 'image', status: 'Error', name_tag: 'ledger:0.9.0', references: ['0.9.0'] }],
    });
    expect(harbor(FIXTURE_EVENTS.PUSH_MIRRORING).event_data.replication.failed_artifact).toBeUndefined();
  });

  it('puts the quota message in custom_attributes.Details, or says it the way Harbor does', () => {
    expect(harbor(FIXTURE_EVENTS.QUOTA_EXCEEDED).event_data.custom_attributes).toEqual({
      Details: FIXTURE_EVENTS.QUOTA_EXCEEDED.data.message,
    });
    const warning = harbor(FIXTURE_EVENTS.QUOTA_WARNING).event_data;
    expect(warning.custom_attributes).toEqual({
      Details: 'quota usage reach 85.7%: resource storage used 8.6 GiB of 10.0 GiB',
    });
    expect(warning.resources).toEqual([
      { digest: FIXTURE_EVENTS.QUOTA_WARNING.data.artifact?.digest, tag: '2.4.2' },
    ]);
  });
});
