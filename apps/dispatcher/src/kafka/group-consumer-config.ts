import { ConsumerConfig } from 'kafkajs';
import { DispatcherConfig } from '../config';

/** Settings every dispatcher consumer group shares: short fetch waits, the configured session timeout. */
export function groupConsumerConfig(config: DispatcherConfig, groupId: string): ConsumerConfig {
  return {
    groupId,
    maxWaitTimeInMs: 100,
    sessionTimeout: config.DISPATCHER_SESSION_TIMEOUT,
    allowAutoTopicCreation: true,
  };
}
