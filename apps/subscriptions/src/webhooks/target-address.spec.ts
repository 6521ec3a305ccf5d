import { blockedTargetProblem } from './target-address';

describe('blockedTargetProblem', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', '127.0.0.1 (loopback)'],
    ['http://2130706433/hook', '127.0.0.1 (loopback)'],
    ['http://10.1.2.3/hook', '10.1.2.3 (private)'],
    ['https://192.168.0.10/hook', '192.168.0.10 (private)'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254 (linkLocal)'],
    ['http://100.64.0.1/', '100.64.0.1 (carrierGradeNat)'],
    ['http://0.0.0.0/', '0.0.0.0 (unspecified)'],
    ['http://[::1]:9000/hook', '::1 (loopback)'],
    ['http://[fd00::1]/hook', 'fd00::1 (uniqueLocal)'],
    ['http://[::ffff:7f00:1]/hook', '::ffff:7f00:1 (ipv4Mapped of loopback 127.0.0.1)'],
  ])('refuses %s, naming %s', (url, named) => {
    expect(blockedTargetProblem(url)).toContain(` must not point at ${named}`);
  });

  it.each([
    'https://ci.example.com/hooks',
    'http://localhost:8080/hook',
    'https://93.184.215.14/hook',
    'https://[2606:4700::1111]/hook',
  ])('leaves %s to the check at delivery', (url) => {
    expect(blockedTargetProblem(url)).toBeUndefined();
  });
});
