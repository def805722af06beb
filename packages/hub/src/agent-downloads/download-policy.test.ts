import { describe, expect, it } from 'vitest';
import { downloadKindOf, renderInstallScript, shellQuote } from './download-policy.js';

describe('downloadKindOf', () => {
  it.each([
    { name: 'outpost-agent-linux-x64', expected: 'executable' },
    { name: 'outpost-agent-darwin-arm64', expected: 'executable' },
    { name: 'outpost-agent-linux-x64.sha256', expected: 'checksum' },
    { name: 'agent.mjs', expected: 'script' },
    { name: 'agent.mjs.sha256', expected: 'checksum' },
    { name: 'manifest.json', expected: 'manifest' },
    { name: 'main.js', expected: null },
    { name: 'outpost-agent-windows-x64', expected: null },
    { name: '..', expected: null },
    { name: 'sea-build', expected: null },
    { name: '.sha256', expected: null },
  ])('$name is $expected', ({ name, expected }) => {
    expect(downloadKindOf(name)).toBe(expected);
  });
});

describe('renderInstallScript', () => {
  it('fills in the hub URL and the PTY package as single-quoted shell words', () => {
    const script = renderInstallScript('HUB_URL=@HUB_URL@\nPTY_PACKAGE=@PTY_PACKAGE@\n', { hubUrl: 'http://127.0.0.1:8080', ptyPackage: '@lydell/node-pty@1' });
    expect(script).toBe("HUB_URL='http://127.0.0.1:8080'\nPTY_PACKAGE='@lydell/node-pty@1'\n");
  });

  it.each([
    { text: "it's", expected: "'it'\\''s'" },
    { text: '$(rm -rf /)', expected: "'$(rm -rf /)'" },
  ])('quotes $text', ({ text, expected }) => {
    expect(shellQuote(text)).toBe(expected);
  });
});
