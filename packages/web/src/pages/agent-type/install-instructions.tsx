import { useMemo, useState, type ReactNode } from 'react';
import type { AgentType } from '@outpost/protocol';
import { CodeBlock } from '../../components/copy-button.js';
import { Tabs } from '../../components/tabs.js';
import { installPlatforms, tokenExport, type InstallContext, type InstallPlatform, type InstallStep } from './install-steps.js';

export const AGENT_DOWNLOAD_PATH = '/downloads/agent.mjs';

/** This hub as the browser reached it: agents connect to the same host, over http only if this page was. */
export function contextFor(type: AgentType, location: Pick<Location, 'host' | 'protocol' | 'origin'>): InstallContext {
  const aws = type.spec.agent_name_settings.aws;
  return {
    endpoint: location.host,
    noHttps: location.protocol === 'http:',
    hubUrl: location.origin,
    downloadUrl: `${location.origin}${AGENT_DOWNLOAD_PATH}`,
    typeName: type.metadata.name,
    sts: type.spec.agent_name_settings.assignment_origin === 'assignment_origin_aws_sts' && aws ? { accountId: aws.account_id, rolePatterns: aws.role_name_patterns } : null,
  };
}

export function InstallInstructions({
  type,
  token,
  onReveal,
  canManage,
  onResetToken,
}: {
  type: AgentType;
  /** The revealed token, or null when it is hidden or was shown on an earlier visit. */
  token: { value: string; revealed: boolean } | null;
  onReveal(): void;
  canManage: boolean;
  onResetToken(): void;
}) {
  const platforms = useMemo(() => installPlatforms(contextFor(type, window.location)), [type]);
  const [selected, setSelected] = useState<InstallPlatform['id']>('linux');
  const platform = platforms.find((p) => p.id === selected) ?? platforms[0]!;
  return (
    <section className="card install" aria-labelledby="install-title">
      <h2 id="install-title">How to start an agent</h2>
      <Tabs<InstallPlatform['id']> label="Platform" tabs={platforms.map((p) => ({ id: p.id, label: p.label }))} selected={platform.id} onSelect={setSelected}>
        <p className="muted install-summary">{platform.summary}</p>
        <ol className="steps">
          {platform.steps.map((step, i) => (
            <li key={`${platform.id}-${i}`} className="step">
              <h3>{step.title}</h3>
              <StepBody step={step} token={token} onReveal={onReveal} canManage={canManage} onResetToken={onResetToken} />
            </li>
          ))}
          <li className="step">
            <h3>Watch it connect</h3>
            <p>If you did everything correctly, you'll see your agent on this page within a second of it starting.</p>
          </li>
        </ol>
      </Tabs>
    </section>
  );
}

function StepBody({
  step,
  token,
  onReveal,
  canManage,
  onResetToken,
}: {
  step: InstallStep;
  token: { value: string; revealed: boolean } | null;
  onReveal(): void;
  canManage: boolean;
  onResetToken(): void;
}) {
  if (step.kind === 'text') return <p>{withInlineCode(step.text)}</p>;
  if (step.kind === 'code') {
    return (
      <>
        {step.text ? <p>{withInlineCode(step.text)}</p> : null}
        <CodeBlock code={step.code} label={step.title} language={step.language} />
      </>
    );
  }
  if (token?.revealed) return <CodeBlock code={tokenExport(step.shell, token.value)} label={step.title} language={step.shell} />;
  if (token) {
    return (
      <p>
        The commands below read the token from <code>SEMAPHORE_AGENT_TOKEN</code>.{' '}
        <button type="button" className="link-button" onClick={onReveal}>Reveal the token</button> to fill it in.
      </p>
    );
  }
  return (
    <>
      <p>
        Use the registration token shown when this type was registered.{' '}
        {canManage ? (
          <>Lost it? <button type="button" className="link-button" onClick={onResetToken}>Reset the token</button> to get a new one.</>
        ) : (
          'Lost it? Ask an admin to reset it.'
        )}
      </p>
      <CodeBlock code={tokenExport(step.shell, '<your registration token>')} label={step.title} language={step.shell} />
    </>
  );
}

/** `backticks` in step text become <code>; everything stays text (no HTML is built from strings). */
function withInlineCode(text: string): ReactNode[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}
