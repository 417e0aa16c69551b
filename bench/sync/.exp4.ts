import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../server/db';
import { Journal } from '../../server/sync/journal';
const db = openDatabase(mkdtempSync(join(tmpdir(), 'exp-')));
if (process.argv[2]) db.pragma(`wal_autocheckpoint = ${process.argv[2]}`);
const j = new Journal(db);
const u = new Uint8Array(40).fill(7);
const times: number[] = [];
for (let i = 0; i < 20000; i++) { const t = performance.now(); j.append('doc' + (i % 500), u); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
const sum = times.reduce((a, b) => a + b, 0);
console.log('mean us', (sum / times.length * 1000).toFixed(0), 'p50', (times[10000] * 1000).toFixed(0), 'p99', (times[19800] * 1000).toFixed(0), 'max ms', times[19999].toFixed(1), 'over 5ms', times.filter(t => t > 5).length, 'total ms in >1ms', times.filter(t=>t>1).reduce((a,b)=>a+b,0).toFixed(0));
