/**
 * The Node.js options the dispatcher is meant to run with, set as NODE_OPTIONS by `npm start`,
 * `npm run start:dispatcher`, docker-compose and the benchmarks (a NODE_OPTIONS of your own
 * replaces them). Without a heap cap V8 lets garbage pile up while the machine has memory to spare:
 * under a sustained backlog the RSS rose to over 500 MB although the live heap stayed under 150 MB
 * (BENCHMARKS.md, memory). The cap fits 100,000 subscriptions (about 1 KB of heap each) with a
 * full delivery buffer and room to spare; add about 1 MB per 1,000 subscriptions beyond that.
 */
export const DISPATCHER_NODE_OPTIONS = '--max-old-space-size=192';
