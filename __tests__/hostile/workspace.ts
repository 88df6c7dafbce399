/**
 * Hostile pull requests, built by the tests themselves: a workspace in a temporary folder (the
 * checkout: GITHUB_WORKSPACE), written file by file, symbolic links included, and check run on
 * it end to end in process, as the runner runs the action.
 */
import { afterAll } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Log } from 'sarif'
import { runAction, type ActionRun } from '../../sim/harness.js'

const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

/** A temporary folder, removed after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** Files under a new workspace (path → text). */
export function workspace(files: Record<string, string>): string {
  const dir = tempDir('hostile-ws-')
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

export interface CheckRun extends ActionRun {
  annotations: { level: string; file?: string; line: number; title?: string; message: string }[]
  sarif: Log
  /** Everything the run wrote: log, outputs, summary, timeline and the SARIF file. */
  all: string
}

/** ::error/::warning/::notice annotations as the runner reads them from the log. */
export function annotationsOf(stdout: string): CheckRun['annotations'] {
  return [...stdout.matchAll(/^::(error|warning|notice) ([^:]*)::(.*)$/gm)].map(m => {
    // Property values are escaped by the toolkit (%, CR, LF, `:` and `,`); split at the first `=`.
    const props = Object.fromEntries(
      m[2].split(',').map(p => {
        const at = p.indexOf('=')
        return [p.slice(0, at), decodeURIComponent(p.slice(at + 1))]
      })
    )
    return {
      level: m[1],
      file: props.file,
      line: Number(props.line),
      title: props.title,
      message: m[3].replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
    }
  })
}

/** check on a workspace: the repository root is the workspace and the working directory. */
export async function check(dir: string, inputs: Record<string, string> = {}): Promise<CheckRun> {
  const temp = tempDir('hostile-runner-temp-')
  const run = await runAction({
    inputs: { mode: 'check', 'working-directory': '.', 'pr-comment': 'false', ...inputs },
    cwd: dir,
    env: { GITHUB_WORKSPACE: dir, RUNNER_TEMP: temp }
  })
  const sarifText = run.outputs['sarif-file']
    ? readFileSync(run.outputs['sarif-file'], 'utf8')
    : '{}'
  return {
    ...run,
    annotations: annotationsOf(run.stdout),
    sarif: JSON.parse(sarifText) as Log,
    all: `${run.everything}\n${sarifText}`
  }
}

/** A node group launching from a template whose volumes use `aws_kms_key.<key>` (policy given). */
export function keyStack(key: string, policy: string, extra = ''): string {
  return `
data "aws_caller_identity" "current" {}

resource "aws_kms_key" "${key}" {
  description = "node volumes"
${extra}
  policy = ${policy}
}

resource "aws_launch_template" "${key}" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted  = true
      kms_key_id = aws_kms_key.${key}${extra.includes('count') ? '[0]' : ''}.arn
    }
  }
}

resource "aws_eks_node_group" "${key}" {
  cluster_name  = "c"
  node_role_arn = "arn:aws:iam::111122223333:role/node"
  subnet_ids    = ["subnet-1"]
  launch_template {
    id      = aws_launch_template.${key}.id
    version = aws_launch_template.${key}.latest_version
  }
  scaling_config {
    desired_size = 1
    max_size     = 1
    min_size     = 1
  }
}
`
}

/** A key policy with only the account root statement: the Auto Scaling role is missing. */
export const ROOT_ONLY = `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })`
