/** DI tokens for the values the dispatcher's providers share (see app.module.ts). */
export const CONFIG = Symbol('DispatcherConfig');
export const LOGGER = Symbol('pino.Logger');
export const KAFKA = Symbol('kafkajs.Kafka');
export const PRODUCER = Symbol('KafkaSender');
export const PUBLISHER = Symbol('KafkaPublisher');
export const HTTP_SENDER = Symbol('HttpSender');
