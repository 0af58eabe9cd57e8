// What the server adds to standard LSP: the initialization options it reads, its notifications,
// the ids of the commands it executes and its fix-all code action kind. The preview's request and messages, which
// the client imports, are in diagram/protocol.ts and diagram/messages.ts.

/** `initializationOptions` of the `initialize` request. */
export interface InitializationOptions {
  /**
   * Base URI that documentation paths (`docs/rules/<id>.md`, `docs/language.md`) resolve against
   * for the links in diagnostics. Default: the `file:` URI of the extension's root folder, found
   * from the server bundle's location.
   */
  docsBaseUri?: string;
  /**
   * Send `storageTopology/checked` after checking each document version. Diagnostics are pushed
   * only when they changed, and the client's language library drops their version: this says which
   * version the diagnostics in the editor are those of.
   */
  checkedNotifications?: boolean;
  /**
   * Send `storageTopology/diagramChanged` (diagram/protocol.ts) when a document's diagram changes
   * without an edit of it: its folder's observed state was read again, or dropped.
   */
  diagramNotifications?: boolean;
  /**
   * Send `storageTopology/outlineLimited` when a document's outline starts or stops listing its
   * top-level elements alone (`storageTopology.outline.maxSymbols`).
   */
  outlineNotifications?: boolean;
}

/**
 * Notification: the diagnostics of `version` of `uri` were worked out. Sent before the diagnostics
 * themselves, so that a client knows their version when they arrive.
 */
export const CHECKED_NOTIFICATION = 'storageTopology/checked';

export interface CheckedParams {
  uri: string;
  version: number;
  /**
   * Whether they are published right after this notification; if not, they are the same as the
   * last ones published for the document.
   */
  published: boolean;
}

/**
 * Notification: the outline of `uri` (its answer to `textDocument/documentSymbol`) lists the
 * top-level elements alone, since the whole outline holds more symbols than the limit, or, with
 * `limited` false, lists the whole outline again. Sent before the answer it describes; while the
 * outline stays limited, sent again when the count or the limit changes.
 */
export const OUTLINE_LIMITED_NOTIFICATION = 'storageTopology/outlineLimited';

export interface OutlineLimitedParams {
  uri: string;
  limited: boolean;
  /** How many symbols the whole outline holds, nested ones included. */
  symbolCount: number;
  /** The limit, `storageTopology.outline.maxSymbols`. */
  maxSymbols: number;
}

/** Server command opening a rule's documentation page. Arguments: `[href: string]`. */
export const SHOW_RULE_DOCUMENTATION_COMMAND = 'storageTopology.server.showRuleDocumentation';

/** Code action kind of the "fix all" source action, as clients request it on save. */
export const FIX_ALL_KIND = 'source.fixAll.topo';
