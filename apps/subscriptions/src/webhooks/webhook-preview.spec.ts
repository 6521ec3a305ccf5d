import { exampleEvent } from '@app/events';
import { verifySignature } from '@app/formatters';
import { previewRequest } from './webhook-preview';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const now = new Date('2026-11-22T10:00:05.000Z');
const input = { deliveryId: '01JPREVIEW0000000000000000', now, secret };

describe('previewRequest', () => {
  it('is the default format of the example, signed, with the webhook’s headers and credentials redacted', () => {
    const preview = previewRequest(
      {
        target: {
          type: 'http',
          url: 'https://ci.example.com/hooks',
          headers: { 'X-Team': 'build', 'X-Api-Token': 't0ken' },
          authorization: 'Bearer abc',
        },
      },
      'TAG_PUSH',
      input,
    );
    expect(preview.eventType).toBe('TAG_PUSH');
    expect(preview.request).toMatchObject({ method: 'POST', url: 'https://ci.example.com/hooks' });
    expect(JSON.parse(preview.request.body)).toEqual(exampleEvent('TAG_PUSH'));
    const { headers } = preview.request;
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      'x-team': 'build',
      'x-api-token': '[redacted]',
      authorization: '[redacted]',
      'webhook-id': input.deliveryId,
      'webhook-timestamp': String(now.getTime() / 1000),
    });
    expect(headers).not.toHaveProperty('user-agent');
    expect(
      verifySignature({
        secret,
        webhookId: headers['webhook-id'],
        timestamp: Number(headers['webhook-timestamp']),
        signatureHeader: headers['webhook-signature'],
        body: preview.request.body,
        now: now.getTime() / 1000,
      }),
    ).toBe(true);
  });

  it('renders the chat message for chat targets, whatever the format says', () => {
    const preview = previewRequest(
      { target: { type: 'slack', url: 'https://hooks.slack.com/services/T/B/x' }, format: 'harbor' },
      'SCAN_COMPLETED',
      input,
    );
    const body = JSON.parse(preview.request.body);
    expect(body).toHaveProperty('blocks');
    expect(body.text).toMatch(/^Scan completed: library\/nginx:1.27.3/);
  });

  it('follows the format and CloudEvents mode, with no URL yet', () => {
    const preview = previewRequest(
      { format: 'cloudevents', cloudEventsMode: 'binary' },
      'QUOTA_WARNING',
      input,
    );
    expect(preview.request.url).toBeNull();
    expect(preview.request.headers).toMatchObject({ 'ce-specversion': '1.0' });
  });
});
