import { ConsumerConfig, PartitionAssigners } from 'kafkajs';
import { DispatcherConfig } from '../config';
import type { Assignment } from './managed-consumer';
import { stickyAssigner } from './sticky-assigner';

const FETCH_MAX_BYTES = 2 * 1024 * 1024;
const FETCH_MAX_BYTES_PER_PARTITION = 256 * 1024;

/**
 * Settings every dispatcher consumer group shares: short fetch waits, the configured session
 * timeout, and the sticky assigner (round-robin stays listed so that a group still running an older
 * version, which only offers round-robin, can be joined during a rolling upgrade).
 */
export function groupConsumerConfig(
  config: DispatcherConfig,
  groupId: string,
  owned: () => Assignment,
): ConsumerConfig {
  return {
    groupId,
    maxWaitTimeInMs: config.DISPATCHER_FETCH_MAX_WAIT,
    sessionTimeout: config.DISPATCHER_SESSION_TIMEOUT,
    allowAutoTopicCreation: true,
    // kafkajs defaults to 10 MB per fetch and 1 MB per partition, held in memory until the batch is
    // processed; with a backlog on many partitions that is most of the dispatcher's memory.
    maxBytes: FETCH_MAX_BYTES,
    maxBytesPerPartition: FETCH_MAX_BYTES_PER_PARTITION,
    partitionAssigners: [stickyAssigner(owned), PartitionAssigners.roundRobin],
  };
}
