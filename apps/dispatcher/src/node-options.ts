/**
 * The Node.js options the dispatcher is meant to run with, set as NODE_OPTIONS by `npm start`,
 * `npm run start:dispatcher`, docker-compose and the benchmarks (a NODE_OPTIONS of your own
 * replaces them). Without a heap cap V8 lets garbage pile up while the machine has memory to spare:
 * under a sustained backlog the RSS rose to over 500 MB although the live heap stayed under 150 MB
 * (BENCHMARKS.md, memory). These keep the RSS under 256 MB with 100,000 subscriptions (about 0.3 KB
 * of heap each) and a full delivery buffer: a 112 MB old generation (112 rather than 128 because the
 * dispatcher lets it grow in larger steps, heap-growth.ts) and 8 MB semi-spaces (V8 grows the young
 * generation to 2 × 16 MB by default). They cost about 15% of the peak throughput against
 * 192 MB and the default young generation; add about 0.5 MB of old generation per 1,000
 * subscriptions beyond 100,000.
 */
export const DISPATCHER_NODE_OPTIONS = '--max-old-space-size=112 --max-semi-space-size=8';

/**
 * glibc malloc settings the dispatcher is meant to run with, set beside NODE_OPTIONS (an own value
 * of either replaces it). Buffers live in malloc's memory, and kafkajs allocates and frees many
 * (fetch responses up to 2 MB, produce requests up to 512 KB): glibc raises its mmap threshold to
 * the largest block freed, after which such blocks come from the main heap, where freed gaps are
 * not given back. A fixed 128 KiB threshold keeps large blocks in mappings of their own, returned
 * when freed, and two arenas stop worker threads from each keeping one. Together they took 20–30 MB
 * off the RSS of the 100,000-subscription benchmark on Node.js 24 (BENCHMARKS.md, memory).
 */
export const DISPATCHER_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
};

/** The runtime environment the dispatcher starts with: NODE_OPTIONS and the malloc settings, each unless `env` has its own. */
export function dispatcherRuntimeEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const runtime: Record<string, string> = { NODE_OPTIONS: env.NODE_OPTIONS ?? DISPATCHER_NODE_OPTIONS };
  for (const [name, value] of Object.entries(DISPATCHER_MALLOC_ENV)) runtime[name] = env[name] ?? value;
  return runtime;
}
