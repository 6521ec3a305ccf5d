/**
 * Preloaded into a dispatcher or a baseline (NODE_OPTIONS=--require, which Node allows where it refuses
 * --cpu-prof) when BENCH_CPU_PROF is set: records a V8 CPU profile from start-up and writes it to
 * $BENCH_CPU_PROF/<pid>.cpuprofile at the first SIGTERM (before the app's own graceful shutdown,
 * which then runs unprofiled) or at exit. Open it in Chrome DevTools or speedscope.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  let written = false;
  const write = (): void => {
    if (written) return;
    written = true;
    // A session in the same thread answers synchronously, so this also works in an 'exit' handler.
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  const onTerm = (): void => {
    process.removeListener('SIGTERM', onTerm);
    write();
  };
  process.on('SIGTERM', onTerm);
  process.once('exit', write);
}
