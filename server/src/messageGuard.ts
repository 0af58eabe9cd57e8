// What the server checks of every incoming message before vscode-languageserver dispatches it,
// so that the handlers meet only what LSP promises them:
// - a request before `initialize` is answered with ServerNotInitialized (-32002), as LSP asks;
// - a request whose params do not have the shape of its method is answered with InvalidParams
//   (-32602) naming the field, instead of a TypeError from deep inside a handler;
// - a document change with `range: null` is a whole-text change (what the client meant by
//   leaving the range out); any other malformed change closes the server's copy of the document,
//   which the log says to reopen, instead of letting it silently drift from the client's.
// Requests are answered by rewriting them to one of the two methods below, which the server
// answers with the error; notifications with bad params are dropped and logged.
import type { Message, MessageStrategy, NotificationMessage, RequestMessage } from 'vscode-languageserver/node';
import * as z from 'zod/mini';

export const NOT_INITIALIZED_METHOD = '$/storageTopology/notInitialized';
export const INVALID_PARAMS_METHOD = '$/storageTopology/invalidParams';

export interface RejectedRequest {
  method: string;
  message: string;
}

const uinteger = z.int().check(z.nonnegative());
const position = z.object({ line: uinteger, character: uinteger });
const range = z.object({ start: position, end: position });
const textDocument = z.object({ uri: z.string() });
const atPosition = z.object({ textDocument, position });
const onDocument = z.object({ textDocument });

const REQUEST_PARAMS: Record<string, z.ZodMiniType> = {
  'textDocument/hover': atPosition,
  'textDocument/completion': atPosition,
  'textDocument/definition': atPosition,
  'textDocument/prepareRename': atPosition,
  'textDocument/documentHighlight': atPosition,
  'textDocument/references': z.object({ textDocument, position, context: z.object({ includeDeclaration: z.boolean() }) }),
  'textDocument/rename': z.object({ textDocument, position, newName: z.string() }),
  'textDocument/documentSymbol': onDocument,
  'textDocument/formatting': onDocument,
  'textDocument/foldingRange': onDocument,
  'textDocument/codeLens': onDocument,
  'textDocument/diagnostic': onDocument,
  'textDocument/semanticTokens/full': onDocument,
  'textDocument/semanticTokens/full/delta': z.object({ textDocument, previousResultId: z.string() }),
  'textDocument/semanticTokens/range': z.object({ textDocument, range }),
  'textDocument/codeAction': z.object({
    textDocument,
    range,
    context: z.object({ diagnostics: z.array(z.unknown()), only: z.optional(z.array(z.string())) }),
  }),
  'workspace/symbol': z.object({ query: z.string() }),
  'workspace/executeCommand': z.object({ command: z.string(), arguments: z.optional(z.array(z.unknown())) }),
  'storageTopology/diagram': z.object({ uri: z.string() }),
};

const contentChange = z.object({ text: z.string(), range: z.optional(z.nullable(range)) });

const NOTIFICATION_PARAMS: Record<string, z.ZodMiniType> = {
  'textDocument/didOpen': z.object({ textDocument: z.object({ uri: z.string(), languageId: z.string(), version: z.int(), text: z.string() }) }),
  'textDocument/didChange': z.object({ textDocument: z.object({ uri: z.string(), version: z.int() }), contentChanges: z.array(contentChange) }),
  'textDocument/didClose': onDocument,
};

/** Passes each message on to `next` as it is, rewritten, or not at all. */
export interface MessageGuard extends MessageStrategy {
  /** Whether `shutdown` was asked for: leaving without it is an error exit. */
  readonly shutdownReceived: boolean;
}

export function createMessageGuard(log: (message: string) => void): MessageGuard {
  let initializeReceived = false;
  let shutdownReceived = false;
  const rewrite = (request: RequestMessage, method: string, rejected: RejectedRequest): RequestMessage => ({ ...request, method, params: rejected });
  return {
    get shutdownReceived() {
      return shutdownReceived;
    },
    handleMessage(message, next) {
      if (isRequest(message)) {
        if (message.method === 'initialize') initializeReceived = true;
        else if (message.method === 'shutdown') shutdownReceived = true;
        else if (!initializeReceived) {
          const rejected = { method: message.method, message: `'${message.method}' before 'initialize': the server is not initialized yet` };
          return next(rewrite(message, NOT_INITIALIZED_METHOD, rejected));
        }
        const problem = paramsProblem(REQUEST_PARAMS[message.method], message.params);
        if (problem === undefined) return next(message);
        return next(rewrite(message, INVALID_PARAMS_METHOD, { method: message.method, message: `${message.method}: ${problem}` }));
      }
      if (isNotification(message)) {
        const checked = checkedNotification(message, log);
        return checked === undefined ? undefined : next(checked);
      }
      return next(message);
    },
  };
}

function checkedNotification(message: NotificationMessage, log: (message: string) => void): NotificationMessage | undefined {
  const problem = paramsProblem(NOTIFICATION_PARAMS[message.method], message.params);
  if (problem === undefined) return message.method === 'textDocument/didChange' ? withFullTextChanges(message) : message;
  const uri = documentUri(message.params);
  if (message.method === 'textDocument/didChange' && uri !== undefined) {
    log(`${message.method}: ${problem}; the server closes its copy of ${uri}: close and reopen the document to have it checked again`);
    return { jsonrpc: message.jsonrpc, method: 'textDocument/didClose', params: { textDocument: { uri } } };
  }
  log(`${message.method} ignored: ${problem}`);
  return undefined;
}

/** `range: null` dropped: LSP's whole-text change is a change without a range. */
function withFullTextChanges(message: NotificationMessage): NotificationMessage {
  const params = message.params as { contentChanges: { range?: unknown; rangeLength?: unknown; text: string }[] };
  if (!params.contentChanges.some((change) => change.range === null)) return message;
  const contentChanges = params.contentChanges.map((change) => (change.range === null ? { text: change.text } : change));
  return { ...message, params: { ...params, contentChanges } };
}

/** The first problem of `params` against `schema`, as `params.position.line: expected int, received string`. */
function paramsProblem(schema: z.ZodMiniType | undefined, params: unknown): string | undefined {
  if (schema === undefined) return undefined;
  const result = schema.safeParse(params);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  return `${['params', ...issue.path.map(String)].join('.')}: ${issue.message}`;
}

function documentUri(params: unknown): string | undefined {
  const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

function isRequest(message: Message): message is RequestMessage {
  return 'method' in message && 'id' in message && message.id !== undefined && message.id !== null;
}

function isNotification(message: Message): message is NotificationMessage {
  return 'method' in message && !('id' in message && message.id !== undefined);
}
