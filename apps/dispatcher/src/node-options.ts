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
