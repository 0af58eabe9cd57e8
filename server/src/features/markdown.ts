// Text from the document (names, quoted strings such as `os "..."`) placed into what the editor
// renders: escaped so that it shows as written and never as an image, a link or HTML.

/**
 * `text` with a backslash before every character that can open an image, a link, HTML, an entity,
 * emphasis or a block (`\ * _ [ ] < > ! # | ~ & $`), and before the `://` and `www.` that GFM would
 * turn into a link. Backticks are left: a code span shows its content as written, and the facts of
 * a hover use them for command names. Other punctuation stays readable (`eonstor.vms: 20 Gb/s`).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_[\]<>!#|~&$]/g, '\\$&')
    .replace(/:\/\//g, '\\:\\/\\/')
    .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\\.`);
}

/** VS Code draws `$(name)` in code lens titles as an icon; `\$(name)` shows as written. */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
