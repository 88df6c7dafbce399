/**
 * The CLI's arguments, mapped onto the action's inputs so one validation (src/inputs.ts) serves
 * both: `eks-kms-guard check [paths…]`, `verify`, `deploy`, with flags named like the inputs.
 */
import { parseArgs } from 'node:util'

/** Inputs the CLI accepts as flags (the action's, less the GitHub-only ones). */
const INPUT_FLAGS = [
  'cluster-name',
  'nodegroup-names',
  'asg-names',
  'kms-key-ids',
  'aws-region',
  'patch-policy',
  'dry-run',
  'autoscaling-role-arn',
  'create-service-linked-role',
  'command',
  'working-directory',
  'terraform-paths',
  'paths',
  'formats',
  'cdk-out',
  'plan-json',
  'var-files',
  'timeout-minutes',
  'poll-interval-seconds',
  'propagation-grace-seconds'
] as const

export type OutputFormat = 'text' | 'json' | 'sarif'

export interface CliArgs {
  inputs: Record<string, string>
  format: OutputFormat
  /** Write the report (Markdown) here as well. */
  reportFile?: string
  help: boolean
  version: boolean
}

export class UsageError extends Error {}

export const USAGE = `Usage: eks-kms-guard <check|verify|deploy> [options]

  check [paths…]            no AWS access: Terraform, CloudFormation, CDK (cdk.out) and eksctl files under paths
  verify                    read-only: check the keys and watch the node groups of a cluster
  deploy                    verify, and patch the key policies first

Options (named like the action's inputs):
  --cluster-name NAME       required for verify and deploy
  --nodegroup-names A,B     --asg-names A,B         --kms-key-ids K1,K2
  --aws-region REGION (else AWS_REGION)
  --patch-policy BOOL       --dry-run               --autoscaling-role-arn ARN
  --create-service-linked-role BOOL                 --command "terraform apply -auto-approve"
  --working-directory DIR   --plan-json FILE        --var-files F1,F2
  --formats terraform,cloudformation,cdk,eksctl     --cdk-out DIR (after cdk synth)
  --terraform-paths P1,P2   (Terraform only; positional paths are read for every format)
  --timeout-minutes N       --poll-interval-seconds N  --propagation-grace-seconds N
  --format text|json|sarif  output on stdout (sarif: check only)   --report FILE (Markdown)
  -h, --help                -v, --version

Exit codes: 0 passed, 1 a finding or a failed deployment (or a timeout), 2 bad usage or an error.
AWS credentials come from the usual chain (environment, profile, SSO, instance role).`

export function parseCli(argv: string[]): CliArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(INPUT_FLAGS.map(name => [name, { type: 'string' as const }])),
        'dry-run': { type: 'boolean' },
        format: { type: 'string', default: 'text' },
        report: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' }
      }
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values, positionals } = parsed
  const help = values.help === true
  const version = values.version === true
  const [mode, ...paths] = positionals
  if (!help && !version && !mode) throw new UsageError('Name a command: check, verify or deploy.')
  const format = values.format as string
  if (!['text', 'json', 'sarif'].includes(format))
    throw new UsageError(`--format accepts text, json or sarif, not "${format}".`)
  if (format === 'sarif' && mode !== 'check')
    throw new UsageError('--format sarif is for check only.')
  const inputs: Record<string, string> = { mode: mode ?? '', 'pr-comment': 'false' }
  for (const name of INPUT_FLAGS) {
    const value = (values as Record<string, string | boolean | undefined>)[name]
    if (value !== undefined) inputs[name] = String(value)
  }
  if (paths.length > 0) {
    if (mode !== 'check') throw new UsageError(`${mode} takes no paths; did you mean check?`)
    inputs.paths = paths.join('\n')
  }
  return {
    inputs,
    format: format as OutputFormat,
    reportFile: values.report as string | undefined,
    help,
    version
  }
}
