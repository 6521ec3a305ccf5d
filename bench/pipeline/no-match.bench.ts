import { INBOUND_TOPICS } from '@app/events';
import { ConsumptionFigure, ConsumptionMeter } from '../support/consumption';
import { BenchSizes } from '../support/settings';
import { PipelineSession } from './pipeline-session';

/**
 * Benchmark 3: events nobody subscribed to (pulls; the webhooks take pushes), as most of a busy
 * registry's are. The dispatchers are stopped (SIGSTOP, within their session timeout) while
 * `noMatchEvents` pulls are produced, then go through them: validated, matched to nothing,
 * committed. Measured like the consume-only baseline, from the inbound group's commits.
 */
export async function runNoMatchBench(
  session: PipelineSession,
  sizes: BenchSizes,
): Promise<ConsumptionFigure> {
  session.signalDispatchers('SIGSTOP');
  let consumption: ConsumptionMeter;
  try {
    await session.producer.produceBacklog(sizes.noMatchEvents, 'TAG_PULL');
    consumption = await ConsumptionMeter.start({
      kafka: session.broker.kafka,
      groupId: session.inboundGroupId,
      topic: session.stack.topic(INBOUND_TOPICS.artifact),
      events: sizes.noMatchEvents,
      pids: () => session.pids,
    });
  } finally {
    session.signalDispatchers('SIGCONT');
  }
  return consumption.until(300_000);
}
