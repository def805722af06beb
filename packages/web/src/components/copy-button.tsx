import { useState } from 'react';

/** Copies text; falls back to a hidden textarea where the Clipboard API is missing (plain http on a LAN address). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No Clipboard API here (insecure origin): the old selection-based copy still works.
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button type="button" className="copy-button" onClick={() => void copy()} aria-label={copied ? 'Copied' : `${label} to clipboard`}>
      {copied ? 'Copied' : label}
    </button>
  );
}

const LANGUAGE_NAMES = { sh: 'Shell', powershell: 'PowerShell', yaml: 'YAML' } as const;

export function CodeBlock({ code, label, language }: { code: string; label?: string; language?: keyof typeof LANGUAGE_NAMES }) {
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span>{language ? LANGUAGE_NAMES[language] : ''}</span>
        <CopyButton text={code} />
      </div>
      <pre tabIndex={0} aria-label={label}>
        <code>{code}</code>
      </pre>
    </div>
  );
}
