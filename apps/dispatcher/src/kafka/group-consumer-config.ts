import { ConsumerConfig, PartitionAssigners } from 'kafkajs';
import { DispatcherConfig } from '../config';
import type { Assignment } from './managed-consumer';
import { stickyAssigner } from './sticky-assigner';

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
    partitionAssigners: [stickyAssigner(owned), PartitionAssigners.roundRobin],
  };
}
