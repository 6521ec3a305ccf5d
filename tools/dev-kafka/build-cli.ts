/**
 * `npm run dev-kafka:build`: builds the dev Kafka launcher if needed and prints its path.
 * With `--run [launcher options]` it then runs the broker in the foreground: the bootstrap line
 * goes to stdout and commands (`down 2`, `rtt 1 200`, ...) can be typed on stdin; Ctrl-D or
 * Ctrl-C stops it.
 */
import { spawn } from 'node:child_process';
import { ensureDevKafkaBuilt } from './src';

async function main(args: string[]): Promise<void> {
  const binary = await ensureDevKafkaBuilt();
  if (args[0] !== '--run') {
    console.log(binary);
    return;
  }
  const child = spawn(binary, args.slice(1), { stdio: 'inherit' });
  // The launcher exits cleanly on these itself; forwarding covers signals sent to this process alone.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
