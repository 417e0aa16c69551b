/**
 * The worker thread that typesets one convention packet (see `packet-thread.ts`):
 * diffs and numbers every text of the packet as read, sets it as PDF or Word,
 * posts the file and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { renderPacketDocx, renderPacketPdf } from './packet';
import { packetOf } from './packet-input';
import type { PacketMessage, PacketRequest } from './packet-thread';

/** The share of the progress bar that comparing the texts takes; typesetting takes the rest. */
const COMPARING_SHARE = 0.2;

const { input, format } = (workerData as { request: PacketRequest }).request;
const post = (message: PacketMessage) => parentPort!.postMessage(message);
const packet = packetOf(input, (fraction, message) => post({ type: 'progress', fraction: fraction * COMPARING_SHARE, message }));
const render = format === 'pdf' ? renderPacketPdf : renderPacketDocx;
const bytes = await render(packet, (fraction, message) => post({ type: 'progress', fraction: COMPARING_SHARE + fraction * (1 - COMPARING_SHARE), message }));
post({ type: 'done', bytes });
