/** One string per topic-partition, for maps keyed by it (the partition first: topics share long prefixes). */
export function partitionKey(topic: string, partition: number): string {
  return `${partition}|${topic}`;
}

export function parsePartitionKey(key: string): { topic: string; partition: number } {
  const bar = key.indexOf('|');
  return { partition: Number(key.slice(0, bar)), topic: key.slice(bar + 1) };
}
