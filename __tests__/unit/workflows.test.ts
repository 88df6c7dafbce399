/**
 * Every workflow we ship or document — examples/workflows/ and .github/workflows/ — is valid for
 * GitHub (its own parser, @actions/workflow-parser), pins what it uses, and passes the guard only
 * inputs that action.yml declares; the repository's CI runs the check example as written.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/action-parser'
import { parse } from 'yaml'

const ROOT = process.cwd()
const GUARD = '<owner>/eks-kms-guard@v1'
/** Outputs another change is adding to action.yml; referenced by name until it lands. */
const PENDING_OUTPUTS = new Set(['sarif-file'])

interface Step {
  id?: string
  name?: string
  uses?: string
  run?: string
  if?: string
  'continue-on-error'?: boolean
  with?: Record<string, unknown>
  'working-directory'?: string
}
interface Job {
  if?: string
  environment?: unknown
  permissions?: Record<string, string>
  steps: Step[]
  defaults?: { run?: { 'working-directory'?: string } }
}
interface Workflow {
  on: unknown
  permissions?: Record<string, string>
  jobs: Record<string, Job>
}

const files = [
  ...readdirSync(join(ROOT, 'examples/workflows')).map(f => `examples/workflows/${f}`),
  ...readdirSync(join(ROOT, '.github/workflows')).map(f => `.github/workflows/${f}`)
].filter(f => /\.ya?ml$/.test(f))

const text = (file: string) => readFileSync(join(ROOT, file), 'utf8')
const workflow = (file: string) => parse(text(file)) as Workflow
const action = parse(text('action.yml')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
  branding?: { icon?: string; color?: string }
}
const isGuard = (step: Step) => step.uses === './' || step.uses === GUARD

function guardSteps(file: string): { job: string; step: Step; index: number; steps: Step[] }[] {
  return Object.entries(workflow(file).jobs).flatMap(([job, { steps }]) =>
    steps.flatMap((step, index) => (isGuard(step) ? [{ job, step, index, steps }] : []))
  )
}

describe.each(files)('%s', file => {
  it('is a valid workflow for GitHub’s own parser', () => {
    const result = parseWorkflow({ name: file, content: text(file) }, new NoOperationTraceWriter())
    expect(result.context.errors.getErrors().map(e => e.message)).toEqual([])
  })

  it('pins every action it uses to a major version tag or a full commit SHA', () => {
    const uses = Object.values(workflow(file).jobs).flatMap(j => j.steps.flatMap(s => s.uses ?? []))
    for (const ref of uses)
      expect({
        ref,
        pinned: ref === './' || /^(<owner>|[\w.-]+)\/[\w./-]+@(v\d+|[0-9a-f]{40})$/.test(ref)
      }).toEqual({
        ref,
        pinned: true
      })
  })

  it('gives the guard only inputs action.yml declares, and reads only its outputs', () => {
    for (const { step } of guardSteps(file)) {
      for (const input of Object.keys(step.with ?? {}))
        expect(Object.keys(action.inputs)).toContain(input)
      const mode = String(step.with?.mode ?? 'verify')
      expect(['check', 'verify', 'deploy']).toContain(mode)
      // (ci.yml's bad-input step leaves it out on purpose and expects the failure.)
      if (mode !== 'check' && !step['continue-on-error'])
        expect(step.with?.['cluster-name']).toBeTruthy()
      if (step.with?.command !== undefined) expect(mode).toBe('deploy')
      const ids = guardSteps(file)
        .map(g => g.step.id)
        .filter(Boolean)
      for (const id of ids)
        for (const [, output] of text(file).matchAll(
          new RegExp(`steps\\.${id}\\.outputs\\.([\\w-]+)`, 'g')
        ))
          expect({
            output,
            declared: output in action.outputs || PENDING_OUTPUTS.has(output)
          }).toEqual({
            output,
            declared: true
          })
    }
  })

  it('grants id-token: write to every job that assumes an AWS role, and only there', () => {
    for (const [name, job] of Object.entries(workflow(file).jobs)) {
      const assumes = job.steps.some(s =>
        s.uses?.startsWith('aws-actions/configure-aws-credentials@')
      )
      expect({ name, idToken: job.permissions?.['id-token'] === 'write' }).toEqual({
        name,
        idToken: assumes
      })
    }
  })
})

describe('the examples a team copies', () => {
  const example = (name: string) => workflow(`examples/workflows/${name}`)

  it('check: checkout, setup-terraform, init without a backend, check, SARIF upload — forks included', () => {
    const wf = example('eks-kms-guard-check.yml')
    expect(Object.keys(wf.on as object)).toContain('pull_request')
    const [job] = Object.values(wf.jobs)
    expect(job.if).toBeUndefined()
    expect(job.steps.map(s => s.uses ?? s.run)).toEqual([
      'actions/checkout@v5',
      'hashicorp/setup-terraform@v3',
      'terraform init -backend=false -input=false',
      GUARD,
      'github/codeql-action/upload-sarif@v4'
    ])
    expect(job.steps[3].with?.mode).toBe('check')
    expect(job.steps[4].with?.sarif_file).toBe('${{ steps.guard.outputs.sarif-file }}')
    expect(job.steps[4].if).toContain(
      'github.event.pull_request.head.repo.full_name == github.repository'
    )
    expect(job.permissions).toMatchObject({ 'security-events': 'write' })
  })

  it('verify on pull requests: only from this repository (forks get no OIDC token)', () => {
    const [job] = Object.values(example('eks-kms-guard-verify-pr.yml').jobs)
    expect(job.if).toContain('github.event.pull_request.head.repo.full_name == github.repository')
    expect(guardSteps('examples/workflows/eks-kms-guard-verify-pr.yml')[0].step.with?.mode).toBe(
      'verify'
    )
  })

  it('deploy: behind an environment, with Terraform set up and initialised before the command', () => {
    const file = 'examples/workflows/eks-kms-guard-deploy.yml'
    const [job] = Object.values(example('eks-kms-guard-deploy.yml').jobs)
    expect(job.environment).toBe('production')
    const [{ step, index, steps }] = guardSteps(file)
    expect(step.with).toMatchObject({
      mode: 'deploy',
      command: expect.stringContaining('terraform apply')
    })
    // (The deploy job pins its actions to commit SHAs: compare without the ref.)
    const before = steps.slice(0, index).map(s => s.uses?.replace(/@.*/, '') ?? s.run)
    expect(before).toEqual(
      expect.arrayContaining(['hashicorp/setup-terraform', 'terraform init -input=false'])
    )
    expect(
      steps.find(s => s.uses?.startsWith('hashicorp/setup-terraform@'))?.with?.terraform_wrapper
    ).toBe(false)
    expect(text(file)).toContain('needs Terraform')
  })

  it('scheduled verify: a matrix over accounts, regions and clusters, one role per account', () => {
    const wf = example('eks-kms-guard-verify-scheduled.yml') as Workflow & {
      jobs: Record<
        string,
        Job & { strategy: { 'fail-fast': boolean; matrix: { include: Record<string, string>[] } } }
      >
    }
    expect(Object.keys(wf.on as object)).toContain('schedule')
    const [job] = Object.values(wf.jobs)
    expect(job.strategy['fail-fast']).toBe(false)
    const cells = job.strategy.matrix.include
    expect(new Set(cells.map(c => c.account)).size).toBeGreaterThan(1)
    const credentials = job.steps.find(s =>
      s.uses?.startsWith('aws-actions/configure-aws-credentials@')
    )
    expect(credentials?.with?.['role-to-assume']).toContain('${{ matrix.account }}')
    expect(
      guardSteps('examples/workflows/eks-kms-guard-verify-scheduled.yml')[0].step.with
    ).toMatchObject({
      mode: 'verify',
      'cluster-name': '${{ matrix.cluster }}'
    })
  })
})

describe('the repository’s own CI', () => {
  const ci = workflow('.github/workflows/ci.yml')

  it('runs the check example as written, with uses: ./', () => {
    const sequence = (steps: Step[]) =>
      steps.filter(s => s.uses || s.run).map(s => (s.uses === GUARD ? './' : (s.uses ?? s.run)))
    const [example] = Object.values(workflow('examples/workflows/eks-kms-guard-check.yml').jobs)
    const ours = ci.jobs['example-check'].steps
    expect(sequence(ours).slice(0, sequence(example.steps).length)).toEqual(sequence(example.steps))
  })

  it('runs check mode with uses: ./ on fixtures that exist', () => {
    const checks = Object.values(ci.jobs).flatMap(j =>
      j.steps.filter(s => s.uses === './' && s.with?.mode === 'check')
    )
    expect(checks.length).toBeGreaterThanOrEqual(3)
    for (const step of checks)
      expect(existsSync(join(ROOT, String(step.with?.['working-directory'])))).toBe(true)
  })
})

describe('action.yml', () => {
  it('is valid for GitHub’s action schema, with Marketplace branding', () => {
    const result = parseAction(
      { name: 'action.yml', content: text('action.yml') },
      new NoOperationTraceWriter()
    )
    expect(result.context.errors.getErrors().map(e => e.message)).toEqual([])
    expect(action.branding).toEqual({ icon: expect.any(String), color: expect.any(String) })
  })
})
