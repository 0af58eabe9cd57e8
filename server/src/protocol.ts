// What the client and the server share beyond standard LSP: the initialization options the server
// reads and the ids of the commands it executes. The client imports this file and nothing else
// from the server.
export * from './diagram/protocol';

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
