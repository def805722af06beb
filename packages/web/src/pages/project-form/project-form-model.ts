import { DEFAULT_PIPELINE_FILE, type Project, type ProjectInput } from '@outpost/protocol';

/** The project form's state, its checks before sending, and the ProjectInput it sends (pure). */
export type CredentialChoice = 'keep' | 'none' | 'token' | 'ssh_key';

export interface ProjectFormState {
  name: string;
  description: string;
  url: string;
  pipelineFile: string;
  runOn: { branches: boolean; tags: boolean; pull_requests: boolean };
  /** One pattern per line; empty runs every branch (tag). */
  whitelistBranches: string;
  whitelistTags: string;
  credential: CredentialChoice;
  token: string;
  username: string;
  sshKey: string;
}

export type FieldErrors = Partial<Record<'name' | 'url' | 'pipelineFile' | 'runOn' | 'credential' | 'form', string>>;

export function emptyProjectForm(): ProjectFormState {
  return {
    name: '', description: '', url: '', pipelineFile: DEFAULT_PIPELINE_FILE,
    runOn: { branches: true, tags: true, pull_requests: false },
    whitelistBranches: '', whitelistTags: '', credential: 'none', token: '', username: '', sshKey: '',
  };
}

export function formFromProject(project: Project): ProjectFormState {
  const repo = project.spec.repository;
  const runOn = new Set(repo.run_on);
  return {
    name: project.metadata.name,
    description: project.metadata.description,
    url: repo.url,
    pipelineFile: repo.pipeline_file,
    runOn: { branches: runOn.has('branches'), tags: runOn.has('tags'), pull_requests: runOn.has('pull_requests') },
    whitelistBranches: repo.whitelist.branches.join('\n'),
    whitelistTags: repo.whitelist.tags.join('\n'),
    credential: 'keep', token: '', username: '', sshKey: '',
  };
}

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);

/** What the browser can tell before asking the hub; the hub checks the rest and names the field. */
export function localProblems(form: ProjectFormState): FieldErrors {
  const problems: FieldErrors = {};
  if (!form.name.trim()) problems.name = 'Give the project a name.';
  else if (/\s/.test(form.name.trim())) problems.name = 'A project name has no spaces.';
  if (!form.url.trim()) problems.url = 'Give the repository URL, e.g. https://github.com/org/repo.git or file:///srv/git/repo.git.';
  if (!form.pipelineFile.trim()) problems.pipelineFile = 'Give the pipeline file, e.g. .semaphore/semaphore.yml.';
  if (!form.runOn.branches && !form.runOn.tags && !form.runOn.pull_requests) problems.runOn = 'Choose at least one thing that runs the pipeline, or webhooks will run nothing.';
  if (form.credential === 'token' && !form.token.trim()) problems.credential = 'Paste the HTTPS token, or choose another option.';
  if (form.credential === 'ssh_key' && !form.sshKey.trim()) problems.credential = 'Paste the private deploy key, or choose another option.';
  return problems;
}

export function formToInput(form: ProjectFormState): ProjectInput {
  const runOn = (['branches', 'tags', 'pull_requests'] as const).filter((k) => form.runOn[k]);
  return {
    apiVersion: 'v1alpha',
    kind: 'Project',
    metadata: { name: form.name.trim(), description: form.description.trim() },
    spec: {
      repository: {
        url: form.url.trim(),
        pipeline_file: form.pipelineFile.trim(),
        run_on: runOn,
        whitelist: { branches: lines(form.whitelistBranches), tags: lines(form.whitelistTags) },
        ...credentialInput(form),
      },
    },
  };
}

function credentialInput(form: ProjectFormState): Pick<ProjectInput['spec']['repository'], 'credentials'> {
  if (form.credential === 'keep') return {};
  if (form.credential === 'none') return { credentials: { kind: 'none' } };
  if (form.credential === 'ssh_key') return { credentials: { kind: 'ssh_key', ssh_key: form.sshKey.endsWith('\n') ? form.sshKey : `${form.sshKey}\n` } };
  const username = form.username.trim();
  return { credentials: { kind: 'token', token: form.token.trim(), ...(username ? { username } : {}) } };
}

/** The form field a hub error names (its `field`, e.g. spec.repository.url). */
export function fieldOfError(field: string | undefined): keyof FieldErrors {
  if (!field) return 'form';
  if (field.endsWith('name')) return 'name';
  if (field.endsWith('url')) return 'url';
  if (field.endsWith('pipeline_file')) return 'pipelineFile';
  if (field.endsWith('run_on')) return 'runOn';
  if (field.includes('credentials')) return 'credential';
  return 'form';
}
