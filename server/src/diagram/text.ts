// Text as the diagram shows it. Names come from the user's file and may be hostile: markup,
// control characters, or bidirectional overrides that make a label read differently from what it
// is. Every label passes through `displayText` (what to show) and then `escapeXml` (how to write it).

/**
 * Bidi controls (embeddings, overrides, isolates, marks), zero-width and invisible formatting
 * characters, C0/C1 controls, and what XML cannot hold (lone surrogates, U+FFFE, U+FFFF). Shown as a visible replacement so a reviewer sees that the
 * name contains something unusual.
 */
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\u3164\ufeff\ufff9-\ufffb\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const REPLACEMENT = '\ufffd';

/** The label to show: invisible and direction-changing characters made visible, length capped. */
export function displayText(text: string, maxChars = 40): string {
  const visible = text.replace(INVISIBLE, REPLACEMENT);
  const chars = Array.from(visible);
  return chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : visible;
}

/** Escapes text for XML character data and attribute values (both quote kinds). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/** `displayText` then `escapeXml`: what goes between tags. */
export function xmlText(text: string, maxChars?: number): string {
  return escapeXml(displayText(text, maxChars));
}

/** For attribute values that are ids or tooltips: escaped, invisible characters made visible. */
export function xmlAttr(text: string): string {
  return escapeXml(text.replace(INVISIBLE, REPLACEMENT));
}

/** Multi-line text (tooltips): each line made visible and escaped, line breaks kept. */
export function xmlLines(text: string, maxLineChars = 400): string {
  return text
    .split('\n')
    .map((line) => xmlText(line, maxLineChars))
    .join('\n');
}
