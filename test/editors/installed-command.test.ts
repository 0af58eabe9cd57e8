// The `topo` command as README says to install it — the tarball `npm pack` writes, installed
// offline into a fresh prefix — and README's configuration for Neovim before 0.11 run as written
// in a headless Neovim (Debian's package, installed by setup.sh) with that command on the PATH:
// the file is detected as `topo`, the server attaches, and its diagnostics arrive. The Lua
// harness waits for Neovim's DiagnosticChanged event and gives up after a bounded time.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const TIMEOUT_S = 60;

const temp = mkdtempSync(path.join(tmpdir(), 'topo-editors-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const prefix = path.join(temp, 'prefix');
const bin = path.join(prefix, 'bin');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command: string, args: string[], cwd = temp) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Packs the repository (as built) and installs the tarball into a fresh prefix, offline. */
before(() => {
  assert.ok(existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is built (npm run build)');
  const pack = run(npm, ['pack', '--pack-destination', temp, '--silent'], ROOT);
  assert.equal(pack.code, 0, pack.stderr);
  const tarball = readdirSync(temp).find((name) => name.endsWith('.tgz'));
  assert.ok(tarball, pack.stdout);
  const install = run(npm, ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(temp, tarball)]);
  assert.equal(install.code, 0, install.stderr);
});

describe('the topo command installed from the packed tarball', () => {
  const topo = (...args: string[]) => run(path.join(bin, 'topo'), args);

  it('is the package version, with nothing in it but the command and its pages', () => {
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    assert.equal(topo('--version').stdout.trim(), version);
    const installed = path.join(prefix, 'lib', 'node_modules', 'storage-topology');
    assert.deepEqual(readdirSync(path.join(installed, 'dist')).sort(), ['cli.js', 'server.js']);
    assert.ok(!existsSync(path.join(installed, 'test')) && !existsSync(path.join(installed, 'server')));
  });

  it('lints, renders and explains', () => {
    const design = path.join(ROOT, 'examples', 'serverfault-lacp-team.topo');
    const lint = topo('lint', design);
    assert.equal(lint.code, 0, lint.stderr);
    assert.match(lint.stdout, /iscsi-over-team/);
    const svg = path.join(temp, 'serverfault.svg');
    assert.equal(topo('render', design, '-o', svg).code, 0);
    assert.match(readFileSync(svg, 'utf8'), /^<svg /);
    assert.match(topo('explain', 'single-switch').stdout, /^# single-switch/);
  });
});

/** The Lua block under a README heading. */
function readmeLua(heading: string): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  assert.ok(section.length > heading.length, `README has '${heading}'`);
  const block = /```lua\n([^]*?)```/.exec(section);
  assert.ok(block, `a lua block under '${heading}'`);
  return block[1]!;
}

/** Reports what Neovim saw once the first diagnostics of the buffer arrive, then quits. */
const HARNESS = `
local out = vim.env.TOPO_TEST_OUT
local function report(status)
  local buf = vim.api.nvim_get_current_buf()
  local clients = {}
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(clients, client.name) end
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(diagnostics, { line = d.lnum, severity = d.severity, message = d.message, code = d.code or lsp.code or vim.NIL })
  end
  local result = { status = status, filetype = vim.bo[buf].filetype, clients = clients, diagnostics = diagnostics }
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd(status == 'ok' and 'qall!' or 'cquit! 3')
end
local function check()
  if #vim.diagnostic.get(vim.api.nvim_get_current_buf()) > 0 then report('ok') end
end
vim.api.nvim_create_autocmd('DiagnosticChanged', { callback = function() vim.schedule(check) end })
vim.defer_fn(function() report('timeout') end, ${(TIMEOUT_S - 10) * 1000})
check()
`;

interface Seen {
  status: string;
  filetype: string;
  clients: string[];
  diagnostics: { line: number; severity: number; message: string; code: string | null }[];
}

/** Opens `file` in headless Neovim with `config` as init.lua and the installed `topo` on the PATH. */
function openInNeovim(config: string, file: string): Promise<{ seen: Seen; stderr: string }> {
  const init = path.join(temp, 'init.lua');
  writeFileSync(init, config);
  const harness = path.join(temp, 'harness.lua');
  writeFileSync(harness, HARNESS);
  const out = path.join(temp, 'seen.json');
  const home = path.join(temp, 'home');
  mkdirSync(home, { recursive: true });
  const env = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_STATE_HOME: path.join(home, 'state'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    TOPO_TEST_OUT: out,
  };
  const nvim = spawn('nvim', ['--headless', '-i', 'NONE', '-u', init, file, '-c', `luafile ${harness}`], { cwd: path.dirname(file), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  nvim.stdout.on('data', () => undefined);
  nvim.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      nvim.kill('SIGKILL');
      reject(new Error(`Neovim did not finish in ${TIMEOUT_S} s: ${stderr}`));
    }, TIMEOUT_S * 1000);
    nvim.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    nvim.on('exit', () => {
      clearTimeout(timer);
      try {
        resolve({ seen: JSON.parse(readFileSync(out, 'utf8')) as Seen, stderr });
      } catch {
        reject(new Error(`Neovim wrote no result: ${stderr}`));
      }
    });
  });
}

describe('Neovim before 0.11, configured as README says', () => {
  it('detects a .topo file, starts the installed topo command and shows its diagnostics', { timeout: (TIMEOUT_S + 5) * 1000 }, async () => {
    const project = path.join(temp, 'project');
    mkdirSync(project, { recursive: true });
    const design = path.join(project, 'serverfault.topo');
    copyFileSync(path.join(ROOT, 'examples', 'serverfault-lacp-team.topo'), design);
    const config = readmeLua('### Neovim 0.7 to 0.10');
    assert.doesNotMatch(config, /npx/);
    const { seen, stderr } = await openInNeovim(config, design);
    assert.equal(seen.status, 'ok', stderr);
    assert.equal(seen.filetype, 'topo');
    assert.deepEqual(seen.clients, ['topo']);
    const teamLine = readFileSync(design, 'utf8').split('\n').findIndex((line) => line.trimStart().startsWith('team team0'));
    const team = seen.diagnostics.find((d) => d.code === 'iscsi-over-team');
    assert.ok(team, JSON.stringify(seen.diagnostics));
    assert.equal(team.line, teamLine);
    assert.equal(team.severity, 2, 'a warning');
    assert.match(team.message, /LACP team/);
  });

  it('configures Neovim 0.11 and later with the installed command too', () => {
    const config = readmeLua('### Neovim 0.11 and later');
    assert.match(config, /cmd = \{ 'topo', 'lsp', '--stdio' \}/);
    assert.match(config, /vim\.filetype\.add\(\{ extension = \{ topo = 'topo' \} \}\)/);
    assert.doesNotMatch(config, /npx/);
  });
});
