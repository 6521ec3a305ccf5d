import { credentialsProblem, intervalProblem, registryProblem } from './remote-repository-rules';

describe('remote repository field rules', () => {
  it.each([
    ['https://registry.example.com', undefined],
    ['http://127.0.0.1:5000', undefined],
    ['https://registry.example.com/', undefined],
    ['registry.example.com', / must be the registry/],
    ['ftp://registry.example.com', / must be the registry/],
    ['https://alice:secret@registry.example.com', / must not carry credentials/],
    ['https://registry.example.com/v2/', / must be the origin only/],
    ['https://registry.example.com?x=1', / must be the origin only/],
    [42, / must be the registry/],
  ])('registry %j → %s', (value, problem) => {
    const found = registryProblem(value);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  it.each([
    ['5m', undefined],
    ['1m', undefined],
    ['7d', undefined],
    ['59s', ' must be at least 1m'],
    ['8d', ' must be at most 7d'],
    ['often', ' must be a duration such as "30m", "5m" or "1h"'],
    [300, ' must be a duration such as "5m"'],
  ])('interval %j → %j', (value, problem) => {
    expect(intervalProblem(value)).toBe(problem);
  });

  it.each([
    [{ username: 'alice', password: 's3cret' }, undefined],
    [{ token: 'ghp_abc' }, undefined],
    [{ username: 'alice' }, / must be \{"username"/],
    [{ username: 'alice', password: 'x', token: 'y' }, / must be \{"username"/],
    [{ username: 'a:b', password: 'x' }, /\.username must be a name without ":"/],
    [{ username: 'alice', password: '' }, /\.password must be a non-empty string/],
    [{ token: 'line\nbreak' }, /\.token must be a non-empty string/],
    ['alice:secret', / must be \{"username"/],
  ])('credentials %j → %s', (value, problem) => {
    const found = credentialsProblem(value);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });
});
