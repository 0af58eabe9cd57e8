// What the server adds to standard LSP: the initialization options it reads, the ids of the
// commands it executes and its fix-all code action kind. The preview's request and messages, which
// the client imports, are in diagram/protocol.ts and diagram/messages.ts.

/** `initializationOptions` of the `initialize` request. */
export interface InitializationOptions {
  /**
   * Base URI that documentation paths (`docs/rules/<id>.md`, `docs/language.md`) resolve against
   * for the links in diagnostics. Default: the `file:` URI of the extension's root folder, found
   * from the server bundle's location.
   */
  docsBaseUri?: string;
}

/** Server command opening a rule's documentation page. Arguments: `[href: string]`. */
export const SHOW_RULE_DOCUMENTATION_COMMAND = 'storageTopology.server.showRuleDocumentation';

/** Code action kind of the "fix all" source action, as clients request it on save. */
export const FIX_ALL_KIND = 'source.fixAll.topo';
