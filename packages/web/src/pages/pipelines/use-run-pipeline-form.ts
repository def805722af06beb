import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PipelineFileError, PipelineYamlRunInput } from '@outpost/protocol';
import { runPipelineYaml } from '../../api/pipelines.js';
import { sentence } from '../../format/sentence.js';
import { useNavigation } from '../../navigation/router.js';
import { paths } from '../../routes.js';
import { useApi } from '../../session/session-context.js';
import { useYamlValidation, type Validation } from './use-yaml-validation.js';
import { samplePipeline } from './yaml-problems.js';

const DEFAULT_FILE = '.semaphore/semaphore.yml';

export type RefKind = 'branch' | 'tag';

export interface RunPipelineForm {
  yaml: string;
  editYaml(text: string): void;
  /** The person is in the field: the starter stops following the organization's first agent type. */
  claimYaml(): void;
  fileName: string;
  setFileName(name: string): void;
  refKind: RefKind;
  setRefKind(kind: RefKind): void;
  refName: string;
  setRefName(name: string): void;
  busy: boolean;
  formError: string | null;
  validation: Validation;
  /** The problems to show: the hub's answer to Run while the text is unchanged, else the live check's. */
  errors: PipelineFileError[];
  submit(event: FormEvent): Promise<void>;
}

/** The run-a-pipeline form: the text (a starter until edited), file name, branch or tag, and Run. */
export function useRunPipelineForm(firstType: string | undefined): RunPipelineForm {
  const client = useApi();
  const { navigate } = useNavigation();
  const [yaml, editYaml, claimYaml] = useStarterYaml(firstType);
  const [fileName, setFileName] = useState(DEFAULT_FILE);
  const [refKind, setRefKind] = useState<RefKind>('branch');
  const [refName, setRefName] = useState('main');
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [runErrors, setRunErrors] = useState<{ yaml: string; errors: PipelineFileError[] } | null>(null);
  const validation = useYamlValidation(yaml, fileName);
  const errors = runErrors && runErrors.yaml === yaml ? runErrors.errors : shownErrors(validation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const problem = missingInput(yaml, refKind, refName);
    if (problem) return setFormError(problem);
    setBusy(true);
    try {
      const result = await runPipelineYaml(client, runInput(yaml, fileName, refKind, refName));
      if (result.ok) return navigate(paths.pipeline(result.pipelineId));
      setRunErrors({ yaml, errors: result.errors });
    } catch (error) {
      setFormError(sentence((error as Error).message));
    }
    setBusy(false);
  };

  return { yaml, editYaml, claimYaml, fileName, setFileName, refKind, setRefKind, refName, setRefName, busy, formError, validation, errors, submit };
}

/** The starter names the organization's first agent type until the person edits it. */
function useStarterYaml(firstType: string | undefined): [string, (text: string) => void, () => void] {
  const [yaml, setYaml] = useState(() => samplePipeline('s1-my-agents'));
  // A ref, not state: an edit must win even over a starter update already queued by the render before it.
  const edited = useRef(false);
  useEffect(() => {
    if (firstType) setYaml((current) => (edited.current ? current : samplePipeline(firstType)));
  }, [firstType]);
  const edit = (text: string) => {
    edited.current = true;
    setYaml(text);
  };
  // Replacing the text under a person who is selecting or typing in it would lose what they do next.
  const claim = () => {
    edited.current = true;
  };
  return [yaml, edit, claim];
}

function missingInput(yaml: string, refKind: RefKind, refName: string): string | null {
  if (yaml.trim() === '') return 'Paste a pipeline file first.';
  if (refName.trim() === '') return `Name the ${refKind} the pipeline runs for.`;
  return null;
}

function runInput(yaml: string, fileName: string, refKind: RefKind, refName: string): PipelineYamlRunInput {
  const ref = refKind === 'branch' ? { branch: refName.trim() } : { tag: refName.trim() };
  return { yaml_definition: yaml, yaml_file_name: fileName.trim() || DEFAULT_FILE, ...ref };
}

function shownErrors(validation: Validation): PipelineFileError[] {
  return validation.state === 'invalid' || validation.state === 'checking' ? validation.errors : [];
}
