import { WebhookFieldsDto } from './dto/create-webhook.dto';
import { mergePatch } from './webhook-patch';

const current: WebhookFieldsDto = {
  name: 'buildhook01',
  description: 'CI',
  scope: { type: 'namespace', namespace: 'foo' },
  events: ['TAG_PUSH'],
  target: {
    type: 'http',
    url: 'https://a.example.com',
    headers: { 'X-A': '1' },
    authorization: 'Bearer secret-value',
    verifyTls: true,
  },
  format: 'default',
  enabled: true,
};

describe('mergePatch', () => {
  it('replaces given fields and keeps the rest', () => {
    expect(mergePatch(current, { name: 'renamed01', events: ['QUOTA_EXCEEDED'] })).toEqual({
      ...current,
      name: 'renamed01',
      events: ['QUOTA_EXCEEDED'],
    });
  });

  it('merges target field by field, so the stored Authorization survives', () => {
    const merged = mergePatch(current, { target: { url: 'https://b.example.com' } });
    expect(merged.target).toEqual({ ...current.target, url: 'https://b.example.com' });
  });

  it('clears with null and ignores undefined', () => {
    const merged = mergePatch(current, {
      description: null,
      target: { authorization: null, verifyTls: undefined },
    });
    expect(merged.description).toBeNull();
    expect(merged.target).toEqual({ ...current.target, authorization: null });
  });

  it('replaces headers as a whole', () => {
    expect(mergePatch(current, { target: { headers: { 'X-B': '2' } } }).target).toMatchObject({
      headers: { 'X-B': '2' },
    });
  });

  it('keeps a null target null, for validation to refuse', () => {
    expect(mergePatch(current, { target: null }).target).toBeNull();
  });
});
