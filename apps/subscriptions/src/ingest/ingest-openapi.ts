import { DISTRIBUTION_CONTENT_TYPES, INGEST_EXAMPLES, INGEST_SOURCES } from '@app/events';
import { ExamplesObject } from '@nestjs/swagger';

/** Every media type a source sends: JSON, Distribution's own two, Harbor's CloudEvents. */
export const INGEST_CONTENT_TYPES = [
  'application/json',
  ...DISTRIBUTION_CONTENT_TYPES,
  'application/cloudevents+json',
];

/** The request-body examples of the ingest endpoint: each source's notifications, named `<source>.<case>`. */
export const INGEST_BODY_EXAMPLES: ExamplesObject = Object.fromEntries(
  INGEST_SOURCES.flatMap((source) =>
    Object.entries(INGEST_EXAMPLES[source]).map(([name, example]) => [
      `${source}.${name}`,
      {
        summary: `${source}: ${example.summary} (Content-Type: ${example.contentType})`,
        value: example.body,
      },
    ]),
  ),
);
