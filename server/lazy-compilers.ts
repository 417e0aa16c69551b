import AjvCompiler, { type ValidatorCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

/** What Ajv compiles a route's schema into: called with the data (and its parent), with `errors` set after a failure. */
type AjvValidate = ReturnType<ValidatorCompiler>;
type Validate = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };

/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for
 * responses), each route's schema compiled on the route's first request instead of
 * at start. Compiling every schema of every route up front was ~60% of the start-up's
 * CPU time and kept the generated code of routes nobody calls resident. Behaviour is
 * Fastify's: the same compilers with the same options, so validation errors and
 * serialised bodies are unchanged; a schema that cannot compile fails on its route's
 * first request rather than at start (the test suite calls every route).
 */
export function lazyCompilersFactory() {
  const buildValidator = AjvCompiler();
  const buildSerializer = SerializerSelector();
  type SerializerRoute = Parameters<ReturnType<typeof buildSerializer>>[0];

  return {
    buildValidator: (...args: Parameters<typeof buildValidator>) => {
      const compilerFor = buildValidator(...args);
      return (route: Parameters<ValidatorCompiler>[0]): AjvValidate => {
        let compiled: Validate | null = null;
        const validate: Validate = (data, context) => {
          compiled ??= compilerFor(route) as unknown as Validate;
          const result = compiled(data, context);
          validate.errors = compiled.errors;
          return result;
        };
        // Fastify passes the parent object (so Ajv may coerce a root value) only to validators that have this.
        validate.schemaEnv = true;
        // Ajv's type also names the compiled schema's metadata, which Fastify does not read.
        return validate as unknown as AjvValidate;
      };
    },
    buildSerializer: (...args: Parameters<typeof buildSerializer>) => {
      const compilerFor = buildSerializer(...args);
      return (route: SerializerRoute) => {
        let compiled: ((data: unknown) => string) | null = null;
        return (data: unknown) => (compiled ??= compilerFor(route) as (data: unknown) => string)(data);
      };
    },
  };
}
