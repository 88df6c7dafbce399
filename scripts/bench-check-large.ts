/**
 * One large check, measured in a process of its own (so its peak memory is its own): the action
 * run in process from src/ on a generated workspace, with the job summary written.
 *   tsx scripts/bench-check-large.ts files   5,000 .tf files (1,000 stacks of 5 files; each stack's
 *                                             key lacks the Auto Scaling role, so every key is reported)
 *   tsx scripts/bench-check-large.ts big     one 5 MB .tf file beside a small configuration
 *   tsx scripts/bench-check-large.ts capped  one .tf file just under the per-file cap (1.9 MiB)
 * Prints one line of JSON: seconds, peak RSS in MiB, summary bytes, result, keys, files read.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../sim/harness.js'

const stack = (name: string) => ({
  'key.tf': `resource "aws_kms_key" "${name}" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Sid = "Root", Effect = "Allow", Action = "kms:*", Resource = "*"\n      Principal = { AWS = "arn:aws:iam::111122223333:root" }\n    }]\n  })\n}\n`,
  'lt.tf': `resource "aws_launch_template" "${name}" {\n  block_device_mappings {\n    device_name = "/dev/xvda"\n    ebs {\n      encrypted  = true\n      kms_key_id = aws_kms_key.${name}.arn\n    }\n  }\n}\n`,
  'ng.tf': `resource "aws_eks_node_group" "${name}" {\n  cluster_name = "c"\n  launch_template {\n    id      = aws_launch_template.${name}.id\n    version = "$Latest"\n  }\n}\n`,
  'variables.tf': `variable "region" {\n  type    = string\n  default = "eu-west-1"\n}\n`,
  'outputs.tf': `output "key" {\n  value = aws_kms_key.${name}.arn\n}\n`
})

/** Resources that nothing on check's path needs, to pad a file to `bytes`. */
function padding(bytes: number): string {
  const parts: string[] = []
  let size = 0
  for (let i = 0; size < bytes; i++) {
    const block = `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n  tags = { Name = "bucket-${i}", Team = "platform" }\n}\n`
    parts.push(block)
    size += block.length
  }
  return parts.join('')
}

const kind = process.argv[2] ?? 'files'
const dir = mkdtempSync(join(tmpdir(), `bench-large-${kind}-`))
const write = (folder: string, files: Record<string, string>) => {
  mkdirSync(join(dir, folder), { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, folder, name), text)
}
if (kind === 'files') for (let i = 0; i < 1000; i++) write(`stacks/s${i}`, stack(`s${i}`))
else {
  write('.', stack('main'))
  write('.', { 'big.tf': padding(kind === 'big' ? 5_000_000 : 1.9 * 1024 * 1024) })
}

const start = process.hrtime.bigint()
const run = await runAction({
  inputs: { mode: 'check', 'working-directory': '.', 'pr-comment': 'false' },
  cwd: dir,
  env: { GITHUB_WORKSPACE: dir },
  killAfterMs: 600_000
})
const seconds = Number(process.hrtime.bigint() - start) / 1e9
rmSync(dir, { recursive: true, force: true })
console.log(
  JSON.stringify({
    kind,
    seconds: Math.round(seconds * 100) / 100,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    summaryBytes: Buffer.byteLength(run.summary),
    summaryCut: run.summary.includes('The summary is cut here'),
    result: run.outputs.result,
    keysChecked: run.outputs['keys-checked'],
    keysMissing: run.outputs['keys-missing']
  })
)
