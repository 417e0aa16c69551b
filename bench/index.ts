/**
 * `npm run bench`: runs every benchmark module in order and prints its figures.
 * Adding a benchmark is one module exporting `run()` and one line in the list.
 */
import * as redline from './redline';
import * as coldstart from './coldstart';
import * as exportsBench from './exports';
import * as reader from './reader';
import * as typing from './typing';
import * as memory from './memory';
import * as connect from './connect';
import * as scale from './scale';

const benchmarks: { run: () => void | Promise<void> }[] = [redline, coldstart, exportsBench, memory, connect, reader, typing, scale];

for (const benchmark of benchmarks) await benchmark.run();
