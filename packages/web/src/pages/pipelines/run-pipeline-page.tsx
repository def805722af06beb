import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { PipelineFileError } from '@outpost/protocol';
import { listAgentTypes } from '../../api/agent-types.js';
import { runPipelineYaml } from '../../api/pipelines.js';
import { Button } from '../../components/button.js';
import { Field } from '../../components/field.js';
import { Notice } from '../../components/notice.js';
import { sentence } from '../../format/sentence.js';
import { usePoll } from '../../live/use-poll.js';
import { Link, useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { useTitle } from '../use-title.js';
import { RUN_COMMAND } from './pipelines-page.js';
import { useYamlValidation, type Validation } from './use-yaml-validation.js';
import { YamlEditor } from './yaml-editor.js';
import { YamlProblemList } from './yaml-problem-list.js';
import { offsetOf, problemsByLine, samplePipeline } from './yaml-problems.js';

const DEFAULT_FILE = '.semaphore/semaphore.yml';

/** Paste a pipeline file, pick the branch or tag its conditions see, run it; problems show against their lines as you type. */
export function RunPipelinePage() {
  useTitle('Run a pipeline');
  const client = useApi();
  const { navigate } = useNavigation();
  const types = usePoll((signal) => listAgentTypes(client, signal), 30_000, [client]);
  const [yaml, setYaml] = useState(() => samplePipeline('s1-my-agents'));
  const [edited, setEdited] = useState(false);
  const [fileName, setFileName] = useState(DEFAULT_FILE);
  const [refKind, setRefKind] = useState<'branch' | 'tag'>('branch');
  const [refName, setRefName] = useState('main');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [runErrors, setRunErrors] = useState<{ yaml: string; errors: PipelineFileError[] } | null>(null);
  const validation = useYamlValidation(yaml, fileName);
  const editor = useRef<HTMLTextAreaElement>(null);
  const problemsId = useId();

  // The starter names the organization's first agent type until the person edits it.
  const firstType = types.data?.[0]?.metadata.name;
  useEffect(() => {
    if (firstType && !edited) setYaml(samplePipeline(firstType));
  }, [firstType, edited]);

  // The hub's answer to Run wins until the text changes; then the live check speaks again.
  const errors = runErrors && runErrors.yaml === yaml ? runErrors.errors : shownErrors(validation);
  const problems = useMemo(() => problemsByLine(errors), [errors]);

  const pick = (error: PipelineFileError) => {
    const area = editor.current;
    if (!area) return;
    const at = offsetOf(yaml, error.line, error.column);
    area.focus();
    area.setSelectionRange(at, at);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (yaml.trim() === '') return setFormError('Paste a pipeline file first.');
    if (refName.trim() === '') return setFormError(`Name the ${refKind} the pipeline runs for.`);
    setBusy(true);
    try {
      const ref = refKind === 'branch' ? { branch: refName.trim() } : { tag: refName.trim() };
      const result = await runPipelineYaml(client, { yaml_definition: yaml, yaml_file_name: fileName.trim() || DEFAULT_FILE, ...ref });
      if (result.ok) return navigate(paths.pipeline(result.pipelineId));
      setRunErrors({ yaml, errors: result.errors });
    } catch (error) {
      setFormError(sentence((error as Error).message));
    }
    setBusy(false);
  };

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
      <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${problemsId}-yaml`} className="field-label">Pipeline file</label>
          <YamlEditor
            ref={editor}
            id={`${problemsId}-yaml`}
            value={yaml}
            problems={problems}
            aria-invalid={errors.length > 0 || undefined}
            aria-describedby={`${problemsId}-status`}
            onChange={(text) => { setYaml(text); setEdited(true); }}
          />
          <ValidationStatus id={`${problemsId}-status`} validation={validation} count={errors.length} />
        </div>
        {errors.length > 0 ? <YamlProblemList id={problemsId} source={yaml} errors={errors} onPick={pick} /> : null}
        <div className="run-options">
          <Field label="File name" hint="Where the file sits in the repository; errors and SEMAPHORE_* variables name it.">
            {(props) => <input {...props} className="mono" value={fileName} onChange={(e) => setFileName(e.target.value)} maxLength={500} />}
          </Field>
          <fieldset className="fieldset run-ref">
            <legend>Run for</legend>
            <div className="segmented">
              {(['branch', 'tag'] as const).map((kind) => (
                <label key={kind} className={refKind === kind ? 'segment segment-on' : 'segment'}>
                  <input type="radio" name="ref-kind" value={kind} checked={refKind === kind} onChange={() => setRefKind(kind)} />
                  {kind === 'branch' ? 'Branch' : 'Tag'}
                </label>
              ))}
            </div>
            <input aria-label={refKind === 'branch' ? 'Branch name' : 'Tag name'} className="mono" value={refName} onChange={(e) => setRefName(e.target.value)} maxLength={255} />
          </fieldset>
        </div>
        {formError ? <p className="form-error" role="alert">{formError}</p> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy}>Run pipeline</Button>
          <Link to={paths.pipelines()} className="btn btn-ghost">Cancel</Link>
        </div>
      </form>
    </div>
  );
}

function shownErrors(validation: Validation): PipelineFileError[] {
  return validation.state === 'invalid' || validation.state === 'checking' ? validation.errors : [];
}

function ValidationStatus({ id, validation, count }: { id: string; validation: Validation; count: number }) {
  let text = '';
  let tone = 'muted';
  if (validation.state === 'checking') text = 'Checking the file…';
  else if (validation.state === 'valid' && count === 0) [text, tone] = ['The file is valid.', 'ok'];
  else if (count > 0) [text, tone] = [count === 1 ? 'The file has 1 problem, listed below.' : `The file has ${count} problems, listed below.`, 'bad'];
  else if (validation.state === 'unavailable') text = `The file could not be checked: ${sentence(validation.message)}`;
  return <div id={id} className={`yaml-status yaml-status-${tone}`} role="status">{text}</div>;
}
