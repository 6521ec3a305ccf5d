import { ConsumerConfig, PartitionAssigners } from 'kafkajs';
import { DispatcherConfig } from '../config';
import type { Assignment } from './managed-consumer';
import { stickyAssigner } from './sticky-assigner';

/**
 * Fetch wait of the consumers off the delivery path (retry tiers, subscription view): each fetch
 * costs CPU, and a broker that holds empty fetches would be polled many times a second for nothing.
 */
const BACKGROUND_FETCH_MAX_WAIT_MS = 100;
const FETCH_MAX_BYTES = 2 * 1024 * 1024;
const FETCH_MAX_BYTES_PER_PARTITION = 256 * 1024;

/**
 * Settings every dispatcher consumer group shares: the configured fetch wait on the delivery path
 * (inbound and deliveries consumers) and at least BACKGROUND_FETCH_MAX_WAIT_MS elsewhere, the
 * configured session timeout, bounded fetch sizes, and the sticky assigner (round-robin stays listed so that a group still running an older
 * version, which only offers round-robin, can be joined during a rolling upgrade).
 */
export function groupConsumerConfig(
  config: DispatcherConfig,
  groupId: string,
  owned: () => Assignment,
  { deliveryPath }: { deliveryPath: boolean },
): ConsumerConfig {
  return {
    groupId,
    maxWaitTimeInMs: deliveryPath
      ? config.DISPATCHER_FETCH_MAX_WAIT
      : Math.max(config.DISPATCHER_FETCH_MAX_WAIT, BACKGROUND_FETCH_MAX_WAIT_MS),
    sessionTimeout: config.DISPATCHER_SESSION_TIMEOUT,
    allowAutoTopicCreation: false,
    // kafkajs defaults to 10 MB per fetch and 1 MB per partition, held in memory until the batch is
    // processed; with a backlog on many partitions that is most of the dispatcher's memory.
    maxBytes: FETCH_MAX_BYTES,
    maxBytesPerPartition: FETCH_MAX_BYTES_PER_PARTITION,
    partitionAssigners: [stickyAssigner(owned), PartitionAssigners.roundRobin],
  };
}
