// The corpus of hostile strings (XSS, Markdown and HTML injection, icons, invisible characters)
// that every place showing text from a design is tested with: hover Markdown here, the preview's
// webview and its exports in test/webview.
export const PAYLOADS = [
  '![x](https://evil.example/t.png)', '[click](https://evil.example)', '<img src=x onerror=alert(1)>', '<script>alert(1)</script>',
  '<svg onload=alert(1)>', '<iframe src=javascript:alert(1)>', 'javascript:alert(1)', '[x](javascript:alert(1))', '<a href="https://evil.example">x</a>',
  '`code`', '```\nblock', '**bold**', '__bold__', '*em*', '_em_', '~~strike~~', '# heading', '> quote', '- item', '1. item', '| a | b |',
  '---', '<!-- comment -->', '&lt;img&gt;', '&#60;script&#62;', '\\', '\\*', '$(alert)', '$(zap) icon', '<details open>', '<style>*{}</style>',
  '[ref]: https://evil.example', '[x][ref]', '<https://evil.example>', 'https://evil.example/auto', 'www.evil.example', '![](data:image/svg+xml,<svg/onload=alert(1)>)',
  '<img src="https://evil.example/t.png">', '<video src=x onerror=alert(1)>', '<object data=x>', '<embed src=x>', '<math><mi xlink:href="x">', '{{7*7}}', '${7*7}',
  '<base href="https://evil.example">', '<meta http-equiv="refresh" content="0;url=https://evil.example">', '<form action=x><button>', '"><img src=x>', "'><svg onload=alert(1)>",
  '[![img](https://evil.example/i.png)](https://evil.example)', '<kbd>x</kbd>', '\u202eevil', '<span style="color:red">x</span>', 'x<br>y',
];
