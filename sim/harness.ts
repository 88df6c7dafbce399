/**
 * Runs the bundled action the way the GitHub runner does: `node dist/index.js` with INPUT_*
 * variables (hyphens kept), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH, the real AWS
 * SDK reaching the simulator through AWS_ENDPOINT_URL, and GitHub reached at GITHUB_API_URL.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from './github.js'
import { normalizeScenario, type Scenario, type ScenarioInput } from './scenario.js'
import { resolveScenario } from './scenarios.js'
import { startSimulator, type SimulatorHandle } from './server.js'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const BUNDLE = join(ROOT, 'dist', 'index.js')
export const POST_BUNDLE = join(ROOT, 'dist', 'post', 'index.js')

export interface RunActionOptions {
  inputs: Record<string, string>
  /** GitHub event payload written to GITHUB_EVENT_PATH. */
  event?: Record<string, unknown>
  eventName?: string
  env?: Record<string, string>
  /** Echo the action's log lines as they come. */
  echo?: boolean
  /** Kill the action after this many ms (a hung run is a failed test, not a hung suite). */
  killAfterMs?: number
  /** Send a signal to the action after this many ms (cancellation tests). */
  signalAfter?: { ms: number; signal: NodeJS.Signals }
  cwd?: string
  /**
   * What runs: 'source' (default) drives src/ in this process, so tests test what was just
   * edited; 'tsx' spawns src/index.ts in a process of its own (runs at once, real signals);
   * 'bundle' spawns dist/index.js as the runner does; 'post' and 'post-bundle' are the post
   * step, from src/ or dist/post/index.js.
   */
  runner?: 'source' | 'bundle' | 'post' | 'post-bundle' | 'tsx'
  sim?: SimulatorHandle
  github?: FakeGitHub
}

export interface ActionRun {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  timeline?: {
    events: { time: string; source: string; kind: string; detail: string; nodegroup?: string }[]
    [key: string]: unknown
  }
  durationMs: number
  /** Every file the action wrote, concatenated: for secret-leak greps. */
  everything: string
}

/** Parses the GITHUB_OUTPUT file format (name<<delimiter … delimiter). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (match) {
      const [, name, delimiter] = match
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
      outputs[name] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return outputs
}

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'eks-kms-guard-run-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary.md')
  const eventFile = join(dir, 'event.json')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  writeFileSync(eventFile, JSON.stringify(options.event ?? {}))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: options.eventName ?? 'workflow_dispatch',
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_JOB: 'eks',
    GITHUB_ACTION: 'eks-kms-guard',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    RUNNER_TEMP: dir,
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEACCESSKEY',
    AWS_SECRET_ACCESS_KEY: 'example/secret/access/key/EXAMPLEKEY',
    AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN',
    AWS_REGION: options.sim?.world.region ?? 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    NODE_NO_WARNINGS: '1',
    ...(options.sim ? { AWS_ENDPOINT_URL: options.sim.url } : {}),
    ...(options.github
      ? { GITHUB_API_URL: options.github.url, GITHUB_GRAPHQL_URL: `${options.github.url}/graphql` }
      : {}),
    ...options.env
  }
  for (const [name, value] of Object.entries(options.inputs))
    env[`INPUT_${name.toUpperCase()}`] = value
  const started = Date.now()
  const runner = options.runner ?? 'source'
  const inProcess = runner === 'source' || runner === 'post'
  // In this process the action shares the simulator's simulated time; another process has real timers.
  if (inProcess) options.sim?.clock.virtualTime()
  else options.sim?.clock.realTime()
  const { exitCode, signal, stdout, stderr } = inProcess
    ? await runInProcess(runner, env, options.cwd ?? dir, options)
    : await spawnEntry(ENTRIES[runner], env, options.cwd ?? dir, options)
  const outputText = readFileSync(outputFile, 'utf8')
  const outputs = parseOutputFile(outputText)
  const summary = readFileSync(summaryFile, 'utf8')
  const timelineText =
    outputs['timeline-file'] && existsSync(outputs['timeline-file'])
      ? readFileSync(outputs['timeline-file'], 'utf8')
      : undefined
  rmSync(dir, { recursive: true, force: true })
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs,
    summary,
    timeline: timelineText ? JSON.parse(timelineText) : undefined,
    durationMs: Date.now() - started,
    everything: [stdout, stderr, outputText, summary, timelineText ?? ''].join('\n')
  }
}

interface Ran {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

const ENTRIES = {
  bundle: [BUNDLE],
  'post-bundle': [POST_BUNDLE],
  tsx: [
    '--import',
    pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
    join(ROOT, 'src', 'index.ts')
  ]
}

async function spawnEntry(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  options: RunActionOptions
): Promise<Ran> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { GITHUB_WORKSPACE: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    if (options.echo) process.stdout.write(chunk)
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    if (options.echo) process.stderr.write(chunk)
  })
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 120_000)
  const signaller = options.signalAfter
    ? setTimeout(() => child.kill(options.signalAfter!.signal), options.signalAfter.ms)
    : undefined
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve =>
    child.on('close', (code, sig) => resolve([code, sig]))
  )
  clearTimeout(killer)
  if (signaller) clearTimeout(signaller)
  return { exitCode, signal, stdout, stderr }
}

let inProcessBusy = false

/**
 * Runs src/ in this process with the runner's environment: the same env, working directory and
 * files as a spawned run, stdout captured, process.exitCode read and restored. A signal becomes
 * an abort of run()'s signal, as src/index.ts wires SIGINT/SIGTERM. One run at a time: the
 * environment is the process's own.
 */
async function runInProcess(
  runner: 'source' | 'post',
  env: Record<string, string>,
  cwd: string,
  options: RunActionOptions
): Promise<Ran> {
  if (inProcessBusy)
    throw new Error('one in-process run at a time: use runner "bundle" for concurrent runs')
  inProcessBusy = true
  const savedEnv = { ...process.env }
  const savedExitCode = process.exitCode
  const write = process.stdout.write
  let stdout = ''
  try {
    for (const name of Object.keys(process.env)) {
      if (/^(INPUT_|STATE_|GITHUB_|RUNNER_|AWS_)/.test(name)) delete process.env[name]
    }
    Object.assign(process.env, env)
    // No chdir: jest's sandboxed `process` caches the working directory. The action resolves
    // paths against GITHUB_WORKSPACE, which is the step's working directory on a runner.
    process.env.GITHUB_WORKSPACE ??= cwd
    process.exitCode = undefined
    const core = await import('@actions/core')
    // @actions/core caches the summary file's path, and @actions/github reads its context once.
    ;(core.summary as unknown as { _filePath?: string })._filePath = undefined
    core.summary.emptyBuffer()
    const github = await import('@actions/github')
    const Context = github.context.constructor as new () => typeof github.context
    Object.assign(github.context, new Context())
    process.stdout.write = ((chunk: string | Uint8Array) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
      stdout += text
      if (options.echo) write.call(process.stdout, chunk)
      return true
    }) as typeof process.stdout.write
    if (runner === 'post') {
      const { post } = await import('../src/post-step.js')
      await post()
    } else {
      const { run } = await import('../src/main.js')
      const controller = new AbortController()
      const clock = options.sim?.clock
      // A signal at a moment of the run's own (simulated) time, so it lands at the same point of
      // the run however busy the machine is.
      const stopSignaller = new AbortController()
      const signalAt = options.signalAfter
      if (signalAt) {
        const wait = clock
          ? clock.sleep(signalAt.ms, stopSignaller.signal)
          : new Promise(resolve => setTimeout(resolve, signalAt.ms))
        void wait.then(() => {
          if (!stopSignaller.signal.aborted) controller.abort(signalAt.signal)
        })
      }
      // A deploy command written for the tests joins simulated time when it starts: until it
      // attaches, time stands still, however long loading the action and starting the command
      // take on this machine. One that never attaches holds time until the run ends (a fixture
      // bug shows as a run that times out, never as time that moved on unseen).
      const command = env.INPUT_COMMAND ?? ''
      let releaseStart = () => {}
      if (clock && options.sim && /fake-[\w-]+\.mjs/.test(command)) {
        releaseStart = clock.hold()
        options.sim.actors.pendingStart = releaseStart
      }
      let killer: NodeJS.Timeout | undefined
      const hung = new Promise<never>((_, reject) => {
        killer = setTimeout(
          () => reject(new Error('the in-process run did not finish in time')),
          options.killAfterMs ?? 120_000
        )
      })
      try {
        await Promise.race([run({ signal: controller.signal, clock }), hung])
      } finally {
        stopSignaller.abort()
        clearTimeout(killer)
        releaseStart()
      }
    }
    const code = process.exitCode
    return { exitCode: code === undefined ? 0 : Number(code), signal: null, stdout, stderr: '' }
  } finally {
    inProcessBusy = false
    process.stdout.write = write
    process.exitCode = savedExitCode
    for (const name of Object.keys(process.env)) delete process.env[name]
    Object.assign(process.env, savedEnv)
  }
}

export interface Session {
  sim: SimulatorHandle
  github: FakeGitHub
  run(options: Omit<RunActionOptions, 'sim' | 'github'>): Promise<ActionRun>
  close(): Promise<void>
}

/** A simulator (and fake GitHub) for one scenario: by name, file, or inline object. */
export async function startSession(
  scenario: string | ScenarioInput | Scenario,
  github: FakeGitHubOptions = {}
): Promise<Session> {
  const resolved =
    typeof scenario === 'string'
      ? resolveScenario(scenario)
      : normalizeScenario(scenario as ScenarioInput)
  const sim = await startSimulator(resolved)
  const fake = await startFakeGitHub(github)
  return {
    sim,
    github: fake,
    run: options => runAction({ ...options, sim, github: fake }),
    close: async () => {
      await Promise.all([sim.close(), fake.close()])
    }
  }
}

/** Inputs for compressed time: the scenario's timeScale divides every AWS duration. */
export function compressedInputs(
  scenario: Scenario,
  inputs: Record<string, string>
): Record<string, string> {
  const scale = scenario.timeScale
  return {
    'poll-interval-seconds': String(15 / scale),
    'propagation-grace-seconds': String(60 / scale),
    'timeout-minutes': String(60 / scale),
    'aws-region': scenario.region,
    'cluster-name': scenario.cluster.name,
    'github-token': 'ghs_exampletoken0000000000000000000000',
    ...inputs
  }
}
