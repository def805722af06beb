import { useState } from 'react';
import { rerunFailedBlocks, rerunWorkflow, stopPipeline } from '../../api/pipelines.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { canRerun, canRerunFailed, canStop } from '../pipelines/pipeline-status.js';
import type { PipelineSummary } from '../pipelines/pipeline-summary.js';

/** Stop (asks first: it stops running jobs), or once done Rerun and Rerun failed blocks, which open the new pipeline. */
export function PipelineActions({ summary, onChanged }: { summary: PipelineSummary; onChanged(): void }) {
  const client = useApi();
  const { navigate } = useNavigation();
  const [confirmStop, setConfirmStop] = useState(false);
  const [busy, setBusy] = useState<'stop' | 'rerun' | 'failed' | null>(null);
  const [error, setError] = useState<string | undefined>();

  const act = async (which: 'stop' | 'rerun' | 'failed', action: () => Promise<void>) => {
    setBusy(which);
    setError(undefined);
    try {
      await action();
      setConfirmStop(false);
    } catch (failure) {
      setError(sentence((failure as Error).message));
    } finally {
      setBusy(null);
    }
  };

  const stop = () => act('stop', async () => { await stopPipeline(client, summary.id); onChanged(); });
  const rerun = () => act('rerun', async () => navigate(paths.pipeline(await rerunWorkflow(client, summary.workflowId))));
  const rerunFailed = () => act('failed', async () => navigate(paths.pipeline(await rerunFailedBlocks(client, summary.id))));

  return (
    <div className="pipeline-actions">
      <div className="actions">
        {canStop(summary.state) ? <Button variant="danger" onClick={() => { setError(undefined); setConfirmStop(true); }}>Stop</Button> : null}
        {canRerunFailed(summary.state, summary.result) ? (
          <Button onClick={() => void rerunFailed()} busy={busy === 'failed'} disabled={busy !== null}>Rerun failed blocks</Button>
        ) : null}
        {canRerun(summary.state) ? <Button variant="primary" onClick={() => void rerun()} busy={busy === 'rerun'} disabled={busy !== null}>Rerun</Button> : null}
      </div>
      {error && !confirmStop ? <Notice tone="error">{error}</Notice> : null}
      <Dialog
        open={confirmStop}
        title="Stop this pipeline?"
        confirmLabel="Stop pipeline"
        cancelLabel="Keep running"
        confirmVariant="danger"
        busy={busy === 'stop'}
        error={confirmStop ? error : undefined}
        onConfirm={() => void stop()}
        onClose={() => { if (busy !== 'stop') setConfirmStop(false); }}
      >
        <p>Running jobs are stopped and queued ones canceled; blocks that have not started will not run. The pipeline ends as stopped.</p>
      </Dialog>
    </div>
  );
}
