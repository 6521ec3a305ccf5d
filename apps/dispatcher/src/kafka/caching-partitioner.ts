import { ICustomPartitioner, Partitioners } from 'kafkajs';

/** Keys remembered per topic and partition count; past this the memo starts over. */
const MAX_KEYS_PER_TOPIC = 20_000;

/**
 * kafkajs's DefaultPartitioner (the Java client's murmur2 choice, which the subscriptions app also
 * uses, so a key maps to the same partition from both), with the partition of each string key
 * remembered: every delivery and attempt record is keyed by its subscription id, the same few keys
 * over and over, and murmur2 over a key costs more than the rest of choosing its partition.
 */
export const CachingDefaultPartitioner: ICustomPartitioner = () => {
  const partitionerOf = Partitioners.DefaultPartitioner();
  const memos = new Map<string, { partitions: number; byKey: Map<string, number> }>();
  return (args) => {
    const { topic, partitionMetadata, message } = args;
    if (typeof message.key !== 'string' || (message.partition !== undefined && message.partition !== null)) {
      return partitionerOf(args);
    }
    let memo = memos.get(topic);
    if (!memo || memo.partitions !== partitionMetadata.length || memo.byKey.size >= MAX_KEYS_PER_TOPIC) {
      memo = { partitions: partitionMetadata.length, byKey: new Map() };
      memos.set(topic, memo);
    }
    let partition = memo.byKey.get(message.key);
    if (partition === undefined) {
      partition = partitionerOf(args);
      memo.byKey.set(message.key, partition);
    }
    return partition;
  };
};
