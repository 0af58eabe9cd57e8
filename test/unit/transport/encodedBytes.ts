// The bytes the writer sends for a message the encoder gave: its head, its list's bytes, its tail.
import type { Message } from 'vscode-languageserver/node';
import { encodeMessage } from '../../../server/src/messageEncoder';

export function encodedBytes(message: Message): Buffer {
  const { head, list, tail = '' } = encodeMessage(message);
  return Buffer.concat([Buffer.from(head, 'utf8'), list ?? Buffer.alloc(0), Buffer.from(tail, 'utf8')]);
}
