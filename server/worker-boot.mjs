// Starts a TypeScript worker thread when the server runs from its sources (the tests,
// `npm run dev`): registers tsx in this thread, then loads the module named in
// `workerData.module`. The bundled server (`npm start`) starts its workers' JavaScript
// directly. Plain JavaScript: nothing can load TypeScript before this has run.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
