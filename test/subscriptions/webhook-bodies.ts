/** A valid POST /api/v1/webhooks body (repository scope foo/bar:v*, TAG_PUSH, http target); fields override. */
export function httpWebhook(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'buildhook01',
    scope: { type: 'repository', repository: 'foo/bar', tag: 'v*' },
    events: ['TAG_PUSH'],
    target: { type: 'http', url: 'https://ci.example.com/hooks' },
    ...overrides,
  };
}
