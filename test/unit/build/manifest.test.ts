import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { collectFiles } from '../../../scripts/collect-files.mjs';

interface Command { command: string; title: string; category?: string }
interface MenuItem { command: string; when?: string }

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const contributes = manifest.contributes;
const declaredCommands: Command[] = contributes.commands;

test('activates on the language explicitly and loads in VS Code 1.100', () => {
  assert.ok(manifest.activationEvents.includes('onLanguage:topo'));
  assert.equal(manifest.engines.vscode, '^1.100.0');
  assert.equal(manifest.main, './dist/client.js');
});

test('the files the language contribution points at exist', () => {
  const paths = [
    ...contributes.languages.map((language: { configuration: string }) => language.configuration),
    ...contributes.grammars.map((grammar: { path: string }) => grammar.path),
  ];
  for (const path of paths) assert.ok(existsSync(path), `${path} is missing`);
});

test('contributes no snippets: the server offers them where an entity or property can begin, so they appear once and only there', () => {
  assert.equal(contributes.snippets, undefined);
});

test('the grammar file declares the scope name the manifest gives it', () => {
  for (const grammar of contributes.grammars as { scopeName: string; path: string }[]) {
    assert.equal(JSON.parse(readFileSync(grammar.path, 'utf8')).scopeName, grammar.scopeName);
  }
});

test('every command is in the Storage Topology category and every menu item names a declared command', () => {
  const ids = new Set(declaredCommands.map((command) => command.command));
  for (const command of declaredCommands) assert.equal(command.category, 'Storage Topology', command.command);
  const menuItems: MenuItem[] = Object.values(contributes.menus as Record<string, MenuItem[]>).flat();
  for (const item of menuItems) assert.ok(ids.has(item.command), `${item.command} is not declared`);
});

test('every declared command is registered by the client', () => {
  const clientSource = collectFiles(['client/src'], '.ts').map((file) => readFileSync(file, 'utf8')).join('\n');
  for (const { command } of declaredCommands) {
    assert.ok(clientSource.includes(`'${command}'`), `${command} is declared in package.json but never registered`);
  }
});
