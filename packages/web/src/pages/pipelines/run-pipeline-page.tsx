import { listAgentTypes } from '../../api/agent-types.js';
import { Button } from '../../components/button.js';
import { Notice } from '../../components/notice.js';
import { usePoll } from '../../live/use-poll.js';
import { Link } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { useTitle } from '../use-title.js';
import { RUN_COMMAND } from './pipelines-page.js';
import { PipelineFileField, RunOptions } from './run-pipeline-fields.js';
import { useRunPipelineForm } from './use-run-pipeline-form.js';

/** Paste a pipeline file, pick the branch or tag its conditions see, run it; problems show against their lines as you type. */
export function RunPipelinePage() {
  useTitle('Run a pipeline');
  const client = useApi();
  const types = usePoll((signal) => listAgentTypes(client, signal), 30_000, [client]);
  const run = useRunPipelineForm(types.data?.[0]?.metadata.name);

  return (
    <div className="run-pipeline">
      <Link to={paths.pipelines()} className="back-link">← Back to pipelines</Link>
      <h1>Run a pipeline</h1>
      <p className="muted">
        Paste a Semaphore pipeline file (YAML v1.0). From a checkout you can also run <code>{RUN_COMMAND}</code>.
      </p>
      {types.data && types.data.length === 0 ? (
        <Notice tone="warning">There is no agent type yet. <Link to={paths.newAgentType()}>Add a self-hosted agent type</Link> first; jobs run on its agents.</Notice>
      ) : null}
      <form className="card form-card" onSubmit={(e) => void run.submit(e)} noValidate>
        <PipelineFileField yaml={run.yaml} errors={run.errors} validation={run.validation} onChange={run.editYaml} onFocus={run.claimYaml} />
        <RunOptions
          fileName={run.fileName}
          onFileNameChange={run.setFileName}
          refKind={run.refKind}
          onRefKindChange={run.setRefKind}
          refName={run.refName}
          onRefNameChange={run.setRefName}
        />
        {run.formError ? <p className="form-error" role="alert">{run.formError}</p> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={run.busy}>Run pipeline</Button>
          <Link to={paths.pipelines()} className="btn btn-ghost">Cancel</Link>
        </div>
      </form>
    </div>
  );
}
