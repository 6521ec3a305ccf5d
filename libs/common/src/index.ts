export * from './config/load-config';
export * from './config/env';
export * from './config/durations';
export * from './logging/logger';
export * from './logging/nest-logger';
export * from './kafka/kafka-client';
