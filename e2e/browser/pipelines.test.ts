import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test-support/wait-for.js';
import { describeTimeToMs } from '../../packages/web/src/pages/pipelines/pipeline-summary.js';
import { chromiumAvailable, launchBrowser, type Browser } from './support/browser.js';
import { ensureSignedIn, waitForText } from './support/flows.js';
import {
  describePipeline,
  jobItem,
  pipelineStatus,
  pipelineYaml,
  BROKEN_YAML,
  runPipeline,
  shot,
  typeWithAgents,
  waitForJobState,
  waitForPipelineDone,
  waitForPipelineStatus,
} from './support/pipelines.js';
import { api, startHubProcess, stopProc, type HubProcess, type Proc } from './support/processes.js';

const TYPE = 's1-pipes';

/**
 * Pipelines in the browser against a real hub and two real agents: run one from the form and watch its graph, open
 * a job's log, stop one, rerun failed blocks, see a broken file's problems against its lines, list and filter.
 * Every test makes its own pipelines, so each passes alone and in any order.
 */
describe.skipIf(!chromiumAvailable())('pipelines in the browser', () => {
  let hub: HubProcess;
  let browser: Browser;
  let agents: Proc[] = [];
  const files: string[] = [];
  const tempFile = (what: string) => {
    const path = join(tmpdir(), `outpost-browser-${what}-${randomBytes(6).toString('hex')}`);
    files.push(path);
    return path;
  };

  beforeAll(async () => {
    hub = await startHubProcess();
    agents = await typeWithAgents(hub, 'pipes', 2);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const agent of agents) await stopProc(agent);
    await browser?.close();
    await hub?.stop();
    for (const file of files) rmSync(file, { force: true });
  });

  it('runs a three-block pipeline from the Run form and watches the graph update live until every job passed', async () => {
    const { page } = browser;
    const gate = tempFile('gate');
    await ensureSignedIn(page, hub);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipelines' }).click();
    await page.getByRole('heading', { name: 'Pipelines', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Run a pipeline' }).first().click();
    await page.getByRole('heading', { name: 'Run a pipeline', level: 1 }).waitFor();

    const yaml = pipelineYaml('Browser CI', TYPE, [
      ['Build', [], [['Compile', ['echo compiling', `while [ ! -f ${gate} ]; do sleep 0.1; done`, 'echo compiled']]]],
      ['Test', ['Build'], [['Unit', ['echo "Testing part $PART"']]]],
      ['Package', ['Test'], [['Bundle', ['echo bundled']]]],
    ]).replace('        - name: Unit\n', '        - name: Unit\n          matrix:\n            - env_var: PART\n              values: ["1", "2"]\n');
    await page.getByLabel('Pipeline file').fill(yaml);
    await page.getByRole('status').filter({ hasText: 'The file is valid.' }).waitFor();
    await page.getByLabel('Branch name').fill('feature/graph');
    await page.getByRole('button', { name: 'Run pipeline' }).click();
    await page.getByRole('heading', { name: 'Browser CI', level: 1 }).waitFor();
    const pipelineId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    // Set once; a reload would lose it, so finding it at the end proves the graph changed in place.
    await page.evaluate(() => { (window as unknown as { stillThisPage: boolean }).stillThisPage = true; });

    await page.getByRole('img', { name: 'Block graph: Build starts first; Test waits for Build; Package waits for Test' }).waitFor();
    await waitForJobState(page, 'Build', 'Compile', 'Running');
    await waitForJobState(page, 'Test', 'Unit - PART=1', 'Waiting');
    await waitForJobState(page, 'Package', 'Bundle', 'Waiting');
    expect(await pipelineStatus(page).textContent()).toBe('Running');
    expect(await page.getByText('feature/graph').count()).toBeGreaterThan(0);
    await shot(page, '41-pipeline-running');

    writeFileSync(gate, '');
    await waitForJobState(page, 'Test', 'Unit - PART=1', 'Passed');
    await waitForJobState(page, 'Test', 'Unit - PART=2', 'Passed');
    await waitForJobState(page, 'Package', 'Bundle', 'Passed');
    await waitForPipelineStatus(page, 'Passed');
    expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Rerun', exact: true }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
    await shot(page, '42-pipeline-passed');

    // Every job ran once, each block after the one it waits for.
    const described = await describePipeline(hub, pipelineId);
    const times = (block: string) => described.blocks.find((b) => b.name === block)!.jobs.map((j) => [describeTimeToMs(j.started_at)!, describeTimeToMs(j.finished_at)!]);
    expect(described.blocks.map((b) => [b.name, b.jobs.length, b.result])).toEqual([['Build', 1, 'passed'], ['Test', 2, 'passed'], ['Package', 1, 'passed']]);
    expect(Math.min(...times('Test').map(([start]) => start!))).toBeGreaterThanOrEqual(times('Build')[0]![1]!);
    expect(times('Package')[0]![0]).toBeGreaterThanOrEqual(Math.max(...times('Test').map(([, end]) => end!)));

    // A job of the graph opens its log; the job page leads back to the pipeline.
    await jobItem(page, 'Test', 'Unit - PART=2').getByRole('link', { name: 'Unit - PART=2' }).click();
    await page.getByRole('heading', { name: 'Unit - PART=2', level: 1 }).waitFor();
    await waitForText(page, 'Testing part 2');
    await page.getByRole('link', { name: 'Back to pipeline Browser CI' }).click();
    await page.getByRole('img', { name: /^Block graph/ }).waitFor();
  });

  it('stops a running pipeline after asking, and shows it stopped with the blocks after it not run', async () => {
    const { page } = browser;
    const id = await runPipeline(hub, pipelineYaml('Long runner', TYPE, [
      ['Wait', [], [['Sleep', ['echo about to sleep', 'sleep 60']]]],
      ['After', ['Wait'], [['Never', ['echo should not run']]]],
    ]));
    await ensureSignedIn(page, hub);
    await page.goto(`${hub.url}/pipelines/${id}`);
    await page.getByRole('heading', { name: 'Long runner', level: 1 }).waitFor();
    await waitForJobState(page, 'Wait', 'Sleep', 'Running');

    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop this pipeline?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep running' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await pipelineStatus(page).textContent()).toBe('Running');

    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await dialog.getByRole('button', { name: 'Stop pipeline' }).click();
    await waitForPipelineStatus(page, 'Stopped', 30_000);
    await waitForJobState(page, 'Wait', 'Sleep', 'Stopped');
    await waitForJobState(page, 'After', 'Never', 'Not run');
    await page.getByText('Stopped by a user.').waitFor();
    expect(await page.getByRole('button', { name: 'Stop', exact: true }).count()).toBe(0);
    await shot(page, '44-pipeline-stopped');
  });

  it('reruns only the failed blocks of a failing pipeline, in a new pipeline that passes', async () => {
    const { page } = browser;
    const mark = tempFile('flaky');
    const id = await runPipeline(hub, pipelineYaml('Flaky build', TYPE, [
      ['Setup', [], [['Prepare', ['echo prepared']]]],
      ['Flaky', ['Setup'], [['Sometimes', [`if [ -f ${mark} ]; then echo second try; else touch ${mark}; echo first try fails; exit 1; fi`]]]],
    ]));
    await ensureSignedIn(page, hub);
    await page.goto(`${hub.url}/pipelines/${id}`);
    await waitForPipelineStatus(page, 'Failed');
    await waitForJobState(page, 'Flaky', 'Sometimes', 'Failed');
    await page.getByText('A job failed.').waitFor();

    await page.getByRole('button', { name: 'Rerun failed blocks' }).click();
    await waitFor(() => !page.url().endsWith(`/pipelines/${id}`), { message: 'the rerun pipeline to open' });
    const rerunId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await page.getByRole('link', { name: 'an earlier pipeline' }).waitFor();
    await waitForPipelineStatus(page, 'Passed');
    await waitForJobState(page, 'Flaky', 'Sometimes', 'Passed');
    await shot(page, '45-pipeline-rerun-failed');

    // The passed block came over as it was; only the failed one ran again.
    const [before, after] = await Promise.all([describePipeline(hub, id), waitForPipelineDone(hub, rerunId)]);
    const jobId = (d: typeof before, block: string) => d.blocks.find((b) => b.name === block)?.jobs[0]?.job_id;
    expect(after.pipeline.partial_rerun_of).toBe(id);
    expect(jobId(after, 'Setup')).toBe(jobId(before, 'Setup'));
    expect(jobId(after, 'Flaky')).not.toBe(jobId(before, 'Flaky'));

    await page.getByRole('link', { name: 'an earlier pipeline' }).click();
    await page.getByRole('heading', { name: 'Flaky build', level: 1 }).waitFor();
    await waitForPipelineStatus(page, 'Failed');
  });

  it('shows a broken file’s problems as line:column messages against their lines while typing, and on Run', async () => {
    const { page } = browser;
    await ensureSignedIn(page, hub);
    await page.goto(`${hub.url}/pipelines/new`);
    const editor = page.getByLabel('Pipeline file');
    await editor.fill(BROKEN_YAML);
    const problems = page.getByRole('list', { name: 'Problems in the file' }).getByRole('listitem');
    await waitFor(async () => (await problems.count()) === 2, { message: 'two problems listed' });
    const texts = await problems.allTextContents();
    expect(texts[0]).toContain('5:11 agent.machine.type "e1-standard-2" is a Semaphore cloud machine');
    expect(texts[0]).toContain('type: e1-standard-2');
    expect(texts[1]).toContain('14:20 block "Test" depends on "Biuld", which is not a block of this pipeline; did you mean "Build"?');
    // The editor marks the lines themselves: the gutter numbers and the word each problem points at.
    expect(await page.locator('.yaml-gutter-bad').allTextContents()).toEqual(['5', '14']);
    expect(await page.locator('.yaml-line-bad mark').allTextContents()).toEqual(['e1-standard-2', 'Biuld']);
    await page.getByRole('status').filter({ hasText: 'The file has 2 problems' }).waitFor();
    await shot(page, '43-pipeline-yaml-errors');

    // Choosing a problem puts the caret on it.
    await page.getByRole('button', { name: 'Go to line 14, column 20' }).click();
    const caret = await editor.evaluate((el) => {
      const area = el as HTMLTextAreaElement;
      return area.value.slice(area.selectionStart, area.selectionStart + 5);
    });
    expect(caret).toBe('Biuld');

    // Fixing one problem takes it off the list as one types; Run answers the rest the same way.
    await editor.fill((await editor.inputValue()).replace('[Biuld]', '[Build]'));
    await waitFor(async () => (await problems.count()) === 1, { message: 'one problem left' });
    await page.getByRole('button', { name: 'Run pipeline' }).click();
    await page.getByRole('status').filter({ hasText: 'The file has 1 problem' }).waitFor();
    expect(await problems.allTextContents()).toEqual([expect.stringContaining('5:11 agent.machine.type')]);
    expect(new URL(page.url()).pathname).toBe('/pipelines/new');
  });

  it('shows why a pipeline that names an unknown agent type could not run, and runs it once the type exists', async () => {
    const { page } = browser;
    const suffix = randomBytes(3).toString('hex');
    const id = await runPipeline(hub, pipelineYaml('Wrong agents', `s1-late-${suffix}`, [['Only', [], [['Lonely', ['echo hi']]]]]));
    await ensureSignedIn(page, hub);
    await page.goto(`${hub.url}/pipelines/${id}`);
    await waitForPipelineStatus(page, 'Failed');
    const problems = page.getByRole('list', { name: 'Problems of the pipeline' });
    await problems.waitFor();
    expect(await problems.textContent()).toContain(`s1-late-${suffix}`);
    await page.getByText('The pipeline file could not be run.').waitFor();
    await waitForJobState(page, 'Only', 'Lonely', 'Not run');
    await shot(page, '47-pipeline-malformed');

    // With the type registered, Rerun opens a new pipeline whose job waits in the queue for an agent of it.
    const created = await api(hub, 'POST', '/api/v1alpha/self_hosted_agent_types', { metadata: { name: `s1-late-${suffix}` } });
    expect(created.status).toBe(200);
    await page.getByRole('button', { name: 'Rerun', exact: true }).click();
    await waitFor(() => !page.url().endsWith(`/pipelines/${id}`), { message: 'the rerun to open' });
    await waitForJobState(page, 'Only', 'Lonely', 'Queued');
    expect(await page.getByRole('list', { name: 'Problems of the pipeline' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('dialog', { name: 'Stop this pipeline?' }).getByRole('button', { name: 'Stop pipeline' }).click();
    await waitForPipelineStatus(page, 'Stopped');
  });

  it('pages through pipelines with Older and Newest, the page in the URL', async () => {
    const { page } = browser;
    const suffix = randomBytes(3).toString('hex');
    // Pipelines naming a type that does not exist are done at once: 31 of them fill more than the first page of 30.
    for (let i = 0; i < 31; i += 1) await runPipeline(hub, pipelineYaml(`Filler ${i} ${suffix}`, `s1-none-${suffix}`, [['Only', [], [['Job', ['true']]]]]));
    await ensureSignedIn(page, hub);
    await page.goto(`${hub.url}/pipelines`);
    await page.getByRole('link', { name: `Filler 30 ${suffix}` }).waitFor();
    expect(await page.getByRole('row').count()).toBe(31);
    expect(await page.getByRole('link', { name: `Filler 0 ${suffix}` }).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Pages of pipelines' }).getByRole('button', { name: 'Older →' }).click();
    await page.getByRole('link', { name: `Filler 0 ${suffix}` }).waitFor();
    expect(page.url()).toContain('page_token=');
    await page.getByRole('button', { name: '← Newest' }).click();
    await page.getByRole('link', { name: `Filler 30 ${suffix}` }).waitFor();
    expect(page.url()).not.toContain('page_token=');
  });

  it('lists pipelines with status, branch or tag and duration, filters by status in the URL, and fits a phone', async () => {
    const { page } = browser;
    const suffix = randomBytes(3).toString('hex');
    const passing = await runPipeline(hub, pipelineYaml(`Release ${suffix}`, TYPE, [['Ship', [], [['Publish', ['echo published']]]]]), { tag: 'v1.2.0' });
    const failing = await runPipeline(hub, pipelineYaml(`Nightly ${suffix}`, TYPE, [
      ['One', [], [['First', ['echo one']]]],
      ['Two', ['One'], [['Second', ['exit 2']]]],
      ['Three', ['Two'], [['Third', ['echo three']]]],
    ]), { branch: 'nightly' });
    await Promise.all([waitForPipelineDone(hub, passing), waitForPipelineDone(hub, failing)]);

    await ensureSignedIn(page, hub);
    await page.goto(`${hub.url}/pipelines`);
    const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name }) });
    await row(`Release ${suffix}`).waitFor();
    expect(await row(`Release ${suffix}`).textContent()).toMatch(/Passed.*tagv1\.2\.0/);
    expect(await row(`Nightly ${suffix}`).textContent()).toMatch(/Failed.*A job failed\..*branchnightly/);
    await shot(page, '40-pipelines-list');

    await page.getByLabel('Status').selectOption('failed');
    await waitFor(() => page.url().includes('status=failed'), { message: 'the filter in the URL' });
    await row(`Nightly ${suffix}`).waitFor();
    await waitFor(async () => (await row(`Release ${suffix}`).count()) === 0, { message: 'the passed pipeline filtered out' });
    await page.reload();
    expect(await page.getByLabel('Status').inputValue()).toBe('failed');

    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${hub.url}/pipelines`);
      await row(`Nightly ${suffix}`).waitFor();
      const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await sideways()).toBeLessThanOrEqual(0);
      await row(`Nightly ${suffix}`).getByRole('link').click();
      await page.getByRole('img', { name: /^Block graph/ }).waitFor();
      expect(await sideways()).toBeLessThanOrEqual(0);
      const graph = page.getByRole('region', { name: 'Blocks' });
      expect(await graph.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      await shot(page, '46-phone-pipeline');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
