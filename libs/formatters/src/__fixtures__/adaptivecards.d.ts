/**
 * The adaptivecards package's CommonJS bundle. Its `lib/` entry point is ES modules with
 * extensionless imports, which neither Node nor Jest (no transform for node_modules) can load;
 * the bundle is the same library. Specs import it under this name with the package's own types.
 */
declare module 'adaptivecards/dist/adaptivecards.js' {
  export * from 'adaptivecards';
}
