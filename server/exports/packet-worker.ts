/**
 * The process that typesets one convention packet (see `packet-process.ts`):
 * receives the packet as read, diffs and numbers every text, sets it as PDF or
 * Word, sends the file and ends. It ends too if the server goes away first.
 */
import { renderPacketDocx, renderPacketPdf } from './packet';
import { packetOf } from './packet-input';
import type { PacketMessage, PacketRequest } from './packet-process';

/** The share of the progress bar that comparing the texts takes; typesetting takes the rest. */
const COMPARING_SHARE = 0.2;

const send = (message: PacketMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function typeset({ input, format }: PacketRequest): Promise<Uint8Array> {
  const packet = packetOf(input, (fraction, message) => void send({ type: 'progress', fraction: fraction * COMPARING_SHARE, message }));
  const render = format === 'pdf' ? renderPacketPdf : renderPacketDocx;
  return render(packet, (fraction, message) => void send({ type: 'progress', fraction: COMPARING_SHARE + fraction * (1 - COMPARING_SHARE), message }));
}

// The server stopped (or died): nobody waits for the file.
process.once('disconnect', () => process.exit(0));
process.once('message', (request: PacketRequest) => {
  typeset(request)
    .then((bytes) => send({ type: 'done', bytes }), (error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }))
    .finally(() => process.disconnect());
});
