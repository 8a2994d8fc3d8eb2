import { CodecError, type CodecFrame } from './codecs';

export function decodeJpeg12(data: Uint8Array): CodecFrame {
  throw new CodecError(`12-bit JPEG (${data.length} bytes) is not decoded yet`);
}
