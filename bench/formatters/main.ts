import { runFormatterBench } from './formatters.bench';

/** `node dist/bench/formatters/main.js [eventsPerFormat]`: the formatter benchmark alone, as JSON. */
const eventsPerFormat = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
runFormatterBench({ eventsPerFormat }).then(
  (results) => console.log(JSON.stringify(results, null, 2)),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
