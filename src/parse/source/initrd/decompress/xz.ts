/**
 * xz, one stream per segment (lib/decompress_unxz.c). The stream's extent comes from its own
 * framing (xz-stream.ts); xz-decompress (xz-embedded, the kernel's own decoder, built to
 * WebAssembly) decodes exactly that slice and yields bounded output chunks that are pulled one
 * at a time, so decoding stops when the sink refuses a chunk. When the `xz` tool is on PATH, a
 * stream with a CRC32 check (dracut's choice) or none goes through it instead (external.ts):
 * about twice as fast, and it runs beside the cpio reader.
 */
import { ToolUnavailable, decodeWithTool, type ExternalTool } from './external.js';
import { UnsupportedData, type Decompressor } from './types.js';

/** The xz tool, for streams whose integrity check both it and xz-embedded verify (none, CRC32). */
const XZ_TOOL: ExternalTool = { command: 'xz', args: ['-d', '-c', '-q', '--single-stream'] };
const CHECK_NONE = 0;
const CHECK_CRC32 = 1;
import { xzStreamLength } from './xz-stream.js';

const XZ_ERRORS: Record<string, string> = {
  '2': 'unsupported integrity check',
  '3': 'out of memory',
  '4': 'memory limit reached',
  '5': 'not in xz format',
  '6': 'unsupported options (filters)',
  '7': 'data is corrupt',
  '8': 'data is truncated or corrupt',
};

export const xz: Decompressor = {
  name: 'xz',
  async decode(input, sink, context) {
    const length = xzStreamLength(input);
    const check = (input[7] ?? 0) & 0x0f; // stream flags: the check type
    if (context.external !== false && (check === CHECK_NONE || check === CHECK_CRC32)) {
      try {
        await decodeWithTool(XZ_TOOL, input.subarray(0, length), sink, context.remainingBytes, length === input.length ? context.file : undefined);
        return length;
      } catch (error) {
        if (!(error instanceof ToolUnavailable)) throw error;
      }
    }
    const { default: xzDecompress } = await import('xz-decompress'); // WebAssembly: loaded only for an xz segment
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(input.subarray(0, length));
        controller.close();
      },
    });
    const reader = new xzDecompress.XzReadableStream(source).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        sink(value);
      }
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      const code = /error code (\d+)/.exec(String((error as Error).message))?.[1];
      const meaning = code === undefined ? undefined : XZ_ERRORS[code];
      if (code === '2' || code === '6') throw new UnsupportedData(`xz: ${meaning}`, { cause: error });
      if (meaning !== undefined) throw new Error(`xz: ${meaning}`, { cause: error });
      throw error;
    }
    return length;
  },
};
